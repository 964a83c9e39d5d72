package io.tributary.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load generator's workloads, with the bounds each uses unless told otherwise. */
public enum Workload {
    /** PutRecord calls of one record each, many in flight: the request rate. */
    PUT_RECORD("put-record", 2_000_000, 20, 64, 5),
    /** PutRecords calls of {@code --batch} records: the record rate. */
    PUT_RECORDS("put-records", 10_000_000, 20, 8, 5),
    /** A backlog loaded with PutRecords, then read to the end of every shard with GetRecords: the catch-up rate. */
    GET_RECORDS("get-records", 1_000_000, 120, 8, 5),
    /**
     * Enhanced fan-out: consumers subscribed to every shard; push latency at a fixed put rate for
     * {@code --seconds}, then the push rate of a backlog of {@code --records}. Its light load takes
     * the JVMs longer to compile their hot paths (after a 5 s warm-up the server's compiler threads
     * still took 0.35–0.45 of a core for about 15 s), hence the longer warm-up.
     */
    FAN_OUT("fan-out", 200_000, 20, 8, 20);

    private final String flag;
    private final int defaultRecords;
    private final int defaultSeconds;
    private final int defaultConcurrency;
    private final int defaultWarmupSeconds;

    Workload(String flag, int defaultRecords, int defaultSeconds, int defaultConcurrency, int defaultWarmupSeconds) {
        this.flag = flag;
        this.defaultRecords = defaultRecords;
        this.defaultSeconds = defaultSeconds;
        this.defaultConcurrency = defaultConcurrency;
        this.defaultWarmupSeconds = defaultWarmupSeconds;
    }

    public String flag() {
        return flag;
    }

    public int defaultRecords() {
        return defaultRecords;
    }

    public int defaultSeconds() {
        return defaultSeconds;
    }

    public int defaultConcurrency() {
        return defaultConcurrency;
    }

    public int defaultWarmupSeconds() {
        return defaultWarmupSeconds;
    }

    public static Workload ofFlag(String text) throws BenchConfig.UsageException {
        for (Workload workload : values()) {
            if (workload.flag.equals(text.toLowerCase(Locale.ROOT))) {
                return workload;
            }
        }
        throw new BenchConfig.UsageException("--workload must be one of "
            + Arrays.stream(values()).map(Workload::flag).collect(Collectors.joining(", ")) + ", not " + text);
    }
}
