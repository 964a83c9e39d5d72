package io.tributary.bench.micro;

import io.tributary.engine.kms.KeyService;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.durable.DurableShardLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable shard log in interval mode: appending 500-record batches to a log in a temporary
 * directory (writes to the page cache, flushed by a worker every 100 ms, as the server does).
 *
 * <p>The log's threading contract puts every call on its owner's context; the interval flush's
 * timer and completion run there too. So the benchmark hops onto one Vert.x context per invocation
 * and makes {@value #APPENDS_PER_HOP} appends there; the hop is amortised over them, and one
 * operation is one batch. Each iteration starts a fresh log and deletes it afterwards, so that disk
 * use stays bounded (about 70 MB of frames per 1,000 batches).
 *
 * <p>{@code encryption=kms} seals every record with AES-256-GCM under a data key of the
 * AWS-managed key, as an encrypted stream's appends are; {@code none} writes plain frames.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class DurableShardLogBenchmark {
    static final int APPENDS_PER_HOP = 20;
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long FLUSH_INTERVAL_MILLIS = 100;

    @Param({"none", "kms"})
    public String encryption;

    private final List<AppendEntry> batch = MicroRecords.appendBatch(0);
    private Optional<String> kmsKeyArn;
    private KeyService keys;
    private Vertx vertx;
    private WorkerExecutor worker;
    private Context owner;
    private Path directory;
    private DurableShardLog log;
    private long arrivalMillis;

    @Setup(Level.Trial)
    public void startVertx() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        worker = vertx.createSharedWorkerExecutor("bench-storage", 1);
        owner = vertx.getOrCreateContext();
        keys = KeyService.inMemory("us-east-1", "000000000000");
        kmsKeyArn = encryption.equals("kms") ? Optional.of(keys.resolve(KeyService.KINESIS_ALIAS).arn()) : Optional.empty();
    }

    @Setup(Level.Iteration)
    public void openLog() throws IOException {
        directory = Files.createTempDirectory("tributary-jmh-");
        log = DurableShardLog.open(directory.resolve("shardId-000000000000"),
            new DurableShardLog.Settings(Durability.INTERVAL, SEGMENT_BYTES, FLUSH_INTERVAL_MILLIS, vertx, worker, nanos -> { }, keys));
        arrivalMillis = System.currentTimeMillis();
    }

    @Benchmark
    @OperationsPerInvocation(APPENDS_PER_HOP)
    public long appendBatchOf500() throws Exception {
        CompletableFuture<Long> appended = new CompletableFuture<>();
        owner.runOnContext(ignored -> {
            try {
                long first = 0;
                for (int i = 0; i < APPENDS_PER_HOP; i++) {
                    first = log.append(batch, arrivalMillis, kmsKeyArn);
                }
                appended.complete(first);
            } catch (RuntimeException e) {
                appended.completeExceptionally(e);
            }
        });
        return appended.get(1, TimeUnit.MINUTES);
    }

    /**
     * Lets the last scheduled interval flush finish before the log is destroyed: {@code destroy()}
     * does not cancel it, and a flush that runs after the files are closed logs an error.
     */
    @TearDown(Level.Iteration)
    public void deleteLog() throws Exception {
        Thread.sleep(3 * FLUSH_INTERVAL_MILLIS);
        CompletableFuture<Void> destroyed = new CompletableFuture<>();
        owner.runOnContext(ignored -> log.destroy().onComplete(done -> destroyed.complete(null)));
        destroyed.get(1, TimeUnit.MINUTES);
        deleteRecursively(directory);
    }

    @TearDown(Level.Trial)
    public void stopVertx() {
        worker.close().await();
        vertx.close().await();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
