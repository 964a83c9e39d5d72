package io.tributary.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * CPU time and memory of a process on this machine, read from the JDK's process handle and from
 * {@code /proc/<pid>/status} (Linux). Values the platform does not give are empty.
 */
public final class ProcessProbe {
    /** /proc/stat counts in USER_HZ ticks, 100 a second on Linux. */
    private static final long NANOS_PER_USER_HZ_TICK = 10_000_000L;
    private static final int IDLE_FIELD = 4;
    private static final int IOWAIT_FIELD = 5;
    private static final int STEAL_FIELD = 8;
    private final long pid;

    public ProcessProbe(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** User plus system CPU time the process has used so far. */
    public OptionalLong cpuNanos() {
        return ProcessHandle.of(pid)
            .flatMap(handle -> handle.info().totalCpuDuration())
            .map(Duration::toNanos)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty());
    }

    /**
     * CPU time every process on the machine has used since boot (the first line of
     * {@code /proc/stat}, less idle and iowait), to tell how much CPU other work took during a phase.
     */
    public static OptionalLong machineBusyNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= STEAL_FIELD; i++) {
                if (i != IDLE_FIELD && i != IOWAIT_FIELD) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return OptionalLong.of(busy * NANOS_PER_USER_HZ_TICK);
        } catch (IOException | RuntimeException unavailable) {
            return OptionalLong.empty();
        }
    }

    /** Peak resident set size: {@code VmHWM}. */
    public OptionalLong peakRssBytes() {
        return statusKiB("VmHWM:");
    }

    /** Resident set size now: {@code VmRSS}. */
    public OptionalLong rssBytes() {
        return statusKiB("VmRSS:");
    }

    private OptionalLong statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }
}
