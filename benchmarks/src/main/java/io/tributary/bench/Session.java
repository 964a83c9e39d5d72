package io.tributary.bench;

import io.tributary.bench.client.KinesisClient;
import io.tributary.bench.load.ReadBack;
import io.tributary.bench.report.Machine;
import io.tributary.bench.report.RunResult;
import io.tributary.bench.server.ProcessProbe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a workload runs with: the configuration, the client, the client's contexts and the target
 * server; and the steps every workload shares (a fresh stream, waiting, the result record).
 *
 * <p>Concurrency: used from the load generator's main thread; the lanes it starts run on the
 * client's contexts.
 */
public final class Session {
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);
    private static final long ACTIVE_POLL_MILLIS = 100;
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private final BenchConfig config;
    private final Vertx vertx;
    private final KinesisClient client;
    private final List<Context> contexts;
    private final Target target;
    private final String command;

    public Session(BenchConfig config, Vertx vertx, KinesisClient client, List<Context> contexts, Target target, String command) {
        this.config = config;
        this.vertx = vertx;
        this.client = client;
        this.contexts = contexts;
        this.target = target;
        this.command = command;
    }

    public BenchConfig config() {
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    public KinesisClient client() {
        return client;
    }

    public List<Context> contexts() {
        return contexts;
    }

    public Target target() {
        return target;
    }

    public PhaseMeter startPhase() {
        return new PhaseMeter(target.probe());
    }

    /** A new stream with a unique name, ACTIVE (and encrypted, if the run says so), and its shard ids. */
    public Stream createStream(int shards) throws TimeoutException, InterruptedException {
        String name = "bench-" + config.workload().flag() + "-" + UUID.randomUUID().toString().substring(0, 8);
        await(client.createStream(name, shards), CONTROL_TIMEOUT);
        awaitActive(name);
        if (config.encrypted()) {
            await(client.startStreamEncryption(name, "alias/aws/kinesis"), CONTROL_TIMEOUT);
            awaitActive(name);
        }
        return new Stream(name, await(client.shardIds(name), CONTROL_TIMEOUT));
    }

    private void awaitActive(String name) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + CONTROL_TIMEOUT.toNanos();
        while (!"ACTIVE".equals(await(client.streamStatus(name), CONTROL_TIMEOUT))) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("stream " + name + " did not become ACTIVE within " + CONTROL_TIMEOUT);
            }
            Thread.sleep(ACTIVE_POLL_MILLIS);
        }
    }

    /** A stream of this run. */
    public record Stream(String name, List<String> shardIds) {
    }

    /** Deletes the run's stream; a failure is reported, not thrown, since the figures stand. */
    public void deleteStream(Stream stream) {
        try {
            await(client.deleteStream(stream.name()), CONTROL_TIMEOUT);
        } catch (RuntimeException | TimeoutException e) {
            System.err.println("Could not delete stream " + stream.name() + ": " + e);
        }
    }

    /** Waits on the main thread; the bound turns a hung server into a failed run rather than a hung one. */
    public static <T> T await(Future<T> future, Duration bound) throws TimeoutException {
        return future.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    public RunResult.Verification verification(ReadBack.Totals read) {
        Map<String, RunResult.ShardCount> perShard = new LinkedHashMap<>();
        read.perShard().forEach((shard, counts) -> perShard.put(shard, new RunResult.ShardCount(counts[0], counts[1])));
        return new RunResult.Verification(read.passed(), read.acknowledged(), read.read(), read.byteExact(), read.mismatched(),
            read.misplaced(), read.missing(), read.duplicates(), read.unacknowledged(), read.outOfOrder(), read.badTimestamps(),
            read.complete(), read.firstFailure(), perShard);
    }

    public RunResult result(String status, String note, RunResult.Phase measured, RunResult.Phase load,
                            RunResult.Verification verification) {
        return result(status, note, measured, load, verification, null);
    }

    public RunResult result(String status, String note, RunResult.Phase measured, RunResult.Phase load,
                            RunResult.Verification verification, RunResult.FanOut fanOut) {
        OptionalLong peakRssBytes = target.probe().map(ProcessProbe::peakRssBytes).orElse(OptionalLong.empty());
        OptionalLong dataBytes = target.dataBytes();
        return new RunResult(config.workload().flag() + (config.encrypted() ? "+kms" : ""), config.durability(), config.encoding().name().toLowerCase(Locale.ROOT),
            config.client().name().toLowerCase(Locale.ROOT),
            config.client() == BenchConfig.ClientKind.SDK ? "h2c" : config.protocol().flag(),
            config.shards(), config.concurrency(), config.batchSize(), config.recordBytes(), config.clientThreads(), command,
            Machine.current(), status, note, measured, load, verification, mebibytes(peakRssBytes), mebibytes(dataBytes), fanOut);
    }

    private static Double mebibytes(OptionalLong bytes) {
        return bytes.isPresent() ? bytes.getAsLong() / BYTES_PER_MIB : null;
    }
}
