package io.tributary.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Run results as fixed-width text tables. "srv us/rec" is the server's CPU time per record (per
 * request for PutRecord): the figure least disturbed by other work sharing the cores.
 */
public final class Tables {
    private static final List<String> HEADER = List.of("workload", "durability", "enc", "shards", "records/s", "MB/s",
        "requests/s", "p50 ms", "p99 ms", "p99.9 ms", "srv CPU s", "srv us/rec", "cli CPU s", "other CPU s", "srv RSS MiB", "verified");

    private Tables() {
    }

    public static String summary(List<RunResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RunResult result : results) {
            rows.add(row(result));
            if (result.fanOut() != null && result.fanOut().backlogPush() != null) {
                rows.add(pushRow(result));
            }
        }
        return render(rows);
    }

    private static List<String> row(RunResult result) {
        List<String> row = new ArrayList<>(List.of(result.workload(), result.durability(), result.encoding(),
            Integer.toString(result.shards())));
        RunResult.Phase phase = result.measured();
        if (phase == null) {
            row.addAll(List.of("-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", result.status()));
            return row;
        }
        return phaseCells(row, result, phase);
    }

    /**
     * A fan-out run's second line: the backlog push, named by the push rate per subscription the
     * server ran with ("paced" at Kinesis's default, "raised" when the run set one).
     */
    private static List<String> pushRow(RunResult result) {
        Long rate = result.fanOut().fanOutBytesPerSecond();
        String name = result.workload() + " push " + (rate == null ? "paced" : "raised " + rate / (1024 * 1024) + " MiB/s");
        List<String> row = new ArrayList<>(List.of(name, result.durability(), result.encoding(), Integer.toString(result.shards())));
        return phaseCells(row, result, result.fanOut().backlogPush());
    }

    private static List<String> phaseCells(List<String> row, RunResult result, RunResult.Phase phase) {
        row.add(String.format(Locale.ROOT, "%,.0f", phase.recordsPerSecond()));
        row.add(String.format(Locale.ROOT, "%.1f", phase.dataMBPerSecond()));
        row.add(String.format(Locale.ROOT, "%,.0f", phase.requestsPerSecond()));
        boolean timed = phase.latency().count() > 0;
        row.add(timed ? String.format(Locale.ROOT, "%.2f", phase.latency().p50Ms()) : "-");
        row.add(timed ? String.format(Locale.ROOT, "%.2f", phase.latency().p99Ms()) : "-");
        row.add(timed ? String.format(Locale.ROOT, "%.2f", phase.latency().p999Ms()) : "-");
        row.add(orDash(phase.serverCpuSeconds(), "%.1f"));
        row.add(phase.serverCpuSeconds() == null || phase.records() == 0 ? "-"
            : String.format(Locale.ROOT, "%.2f", phase.serverCpuSeconds() * 1e6 / phase.records()));
        row.add(orDash(phase.clientCpuSeconds(), "%.1f"));
        row.add(orDash(phase.otherCpuSeconds(), "%.1f"));
        row.add(orDash(result.serverPeakRssMiB(), "%.0f"));
        row.add(result.verification() == null ? "-" : result.verification().passed() ? "yes" : "NO");
        return row;
    }

    private static String orDash(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String render(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            for (int i = 0; i < columns; i++) {
                String cell = row.get(i);
                boolean left = i < 3 || r == 0;
                text.append(left ? String.format("%-" + widths[i] + "s", cell) : String.format("%" + widths[i] + "s", cell));
                text.append(i + 1 < columns ? "  " : "\n");
            }
            if (r == 0) {
                for (int i = 0; i < columns; i++) {
                    text.append("-".repeat(widths[i])).append(i + 1 < columns ? "  " : "\n");
                }
            }
        }
        return text.toString();
    }
}
