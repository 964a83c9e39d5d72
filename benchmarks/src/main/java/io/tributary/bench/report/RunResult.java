package io.tributary.bench.report;

import io.tributary.bench.load.Latencies;
import java.util.Map;

/**
 * Everything one load-generator run measured and checked, as written to its JSON file. Figures
 * that could not be measured (no server process to probe, a skipped workload) are {@code null}.
 *
 * @param status   {@code measured}, {@code skipped} or {@code failed}
 * @param note     why a run was skipped or failed; empty otherwise
 * @param measured the timed phase
 * @param load     get-records and fan-out: loading the backlog with PutRecords, before it is read
 * @param fanOut   fan-out only: the consumers, the producer's schedule and the backlog push
 */
public record RunResult(
    String workload,
    String durability,
    String encoding,
    String client,
    String protocol,
    int shards,
    int concurrency,
    int batchSize,
    int recordBytes,
    int clientThreads,
    String command,
    Machine machine,
    String status,
    String note,
    Phase measured,
    Phase load,
    Verification verification,
    Double serverPeakRssMiB,
    Double serverDataMiB,
    FanOut fanOut) {

    /**
     * What a fan-out run did besides its measured phase (the push latency at a fixed put rate).
     *
     * @param consumers            registered consumers, each with its own SDK client
     * @param subscriptions        SubscribeToShard subscriptions per phase: consumers times shards
     * @param fanOutBytesPerSecond the server's push rate per subscription as this run set it; null
     *                             when the server kept its default (Kinesis's 2 MiB/s)
     * @param putRate              records a second the open-loop producer was asked for
     * @param sendLag              how late the producer sent each measured record against its schedule
     * @param putLatency           PutRecord answer times of the measured records
     * @param backlogPush          the push of the backlog: from the subscribe calls until every
     *                             subscription had every record; records count every delivery
     */
    public record FanOut(
        int consumers,
        int subscriptions,
        Long fanOutBytesPerSecond,
        int putRate,
        Latencies.Summary sendLag,
        Latencies.Summary putLatency,
        Phase backlogPush) {
    }

    /**
     * One timed phase. MB are 10^6 bytes of record data (not counting keys or protocol overhead).
     *
     * @param serverCpuSeconds user plus system CPU the server used during the phase
     * @param clientCpuSeconds CPU this load generator used during the phase (its JVM as a whole)
     * @param otherCpuSeconds  CPU every other process on the machine used during the phase: work
     *                         that competed with the benchmark for the same cores
     */
    public record Phase(
        String operation,
        double seconds,
        long requests,
        long records,
        long rejectedRecords,
        long failedRequests,
        String firstFailure,
        double recordsPerSecond,
        double requestsPerSecond,
        double dataMBPerSecond,
        Latencies.Summary latency,
        Double serverCpuSeconds,
        Double clientCpuSeconds,
        Double otherCpuSeconds) {
    }

    /** The read-back check of what the server acknowledged. */
    public record Verification(
        boolean passed,
        long acknowledged,
        long read,
        long byteExact,
        long mismatched,
        long misplaced,
        long missing,
        long duplicates,
        long unacknowledgedRead,
        long outOfOrder,
        long badTimestamps,
        boolean reachedEveryTip,
        String firstFailure,
        Map<String, ShardCount> perShard) {
    }

    public record ShardCount(long acknowledged, long read) {
    }
}
