package io.tributary.engine.log.durable;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.DataKeys;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A {@link DurableShardLog} in a temporary directory, driven the way its shard owner drives it:
 * every call runs on one Vert.x context, and the JUnit thread (never an event loop) waits for the
 * answer. It also remembers what was appended, so a test can say "these are exactly the records at
 * positions 20 to 39" without rebuilding them.
 *
 * <p>Waits are bounded only to turn a hang into a failure; no assertion depends on timing.
 *
 * <p>Concurrency: the fixture itself is used from the test thread only.
 */
final class ShardLogFixture implements AutoCloseable {
    /** How long a wait may take before the test is declared hung. */
    private static final long PATIENCE_MILLIS = 20_000;
    private static final long POLL_MILLIS = 5;

    final Path directory;
    final ObservedWorker worker;
    private final Context owner;
    private final DurableShardLog.Settings settings;
    private final Map<Long, Appended> appended = new HashMap<>();
    private DurableShardLog log;

    private record Appended(long arrivalMillis, AppendEntry entry) {
    }

    private ShardLogFixture(Vertx vertx, Path directory, Durability durability, long segmentBytes, long flushIntervalMillis,
                            DataKeys dataKeys) {
        this.directory = directory;
        this.worker = new ObservedWorker(vertx.createSharedWorkerExecutor("test-log-worker", 2));
        this.owner = vertx.getOrCreateContext();
        this.settings = new DurableShardLog.Settings(durability, segmentBytes, flushIntervalMillis, vertx, worker, nanos -> { },
            dataKeys);
    }

    /** Opens a log in {@code root/stream-1/shardId-000000000000}, as the engine lays shards out. */
    static ShardLogFixture open(Vertx vertx, Path root, Durability durability, long segmentBytes) throws IOException {
        return open(vertx, root, durability, segmentBytes, 5);
    }

    static ShardLogFixture open(Vertx vertx, Path root, Durability durability, long segmentBytes, long flushIntervalMillis)
        throws IOException {
        return open(vertx, root, durability, segmentBytes, flushIntervalMillis, DataKeys.NONE);
    }

    /** A log whose encrypted appends get their data keys from {@code dataKeys}. */
    static ShardLogFixture open(Vertx vertx, Path root, Durability durability, long segmentBytes, long flushIntervalMillis,
                                DataKeys dataKeys) throws IOException {
        ShardLogFixture fixture = new ShardLogFixture(vertx, root.resolve("stream-1").resolve("shardId-000000000000"),
            durability, segmentBytes, flushIntervalMillis, dataKeys);
        fixture.log = DurableShardLog.open(fixture.directory, fixture.settings);
        return fixture;
    }

    /** Closes the log cleanly (as at shutdown) without reopening it, so its files can be damaged. */
    void closeLog() {
        call(log -> {
            log.close();
            return null;
        });
        log = null;
    }

    /** Opens the log again from its files, as at start-up after {@link #closeLog()} or a crash. */
    void reopen() throws IOException {
        log = DurableShardLog.open(directory, settings);
    }

    /** Runs {@code action} on the owner's context and returns its result or rethrows its exception. */
    <T> T call(Function<DurableShardLog, T> action) {
        Promise<T> promise = Promise.promise();
        DurableShardLog target = log;
        owner.runOnContext(ignored -> {
            try {
                promise.complete(action.apply(target));
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return await(promise.future());
    }

    /** Appends with one arrival time and waits until the log says the records are durable. */
    long appendDurably(List<AppendEntry> entries, long arrivalMillis) {
        return appendDurably(entries, arrivalMillis, Optional.empty());
    }

    /** As {@link #appendDurably(List, long)}, sealed under data keys of {@code kmsKeyArn} when it is present. */
    long appendDurably(List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn) {
        long first = await(call(log -> {
            long position = log.append(entries, arrivalMillis, kmsKeyArn);
            return log.whenDurable(log.endPosition()).map(position);
        }));
        remember(first, entries, arrivalMillis);
        return first;
    }

    /** Appends {@code count} {@link TestRecords#record}s in batches; batch {@code b} arrives at {@code firstArrival + b}. */
    void appendBatches(int count, int batchSize, long firstArrivalMillis) {
        long seed = call(DurableShardLog::endPosition);
        for (int batch = 0; batch * batchSize < count; batch++) {
            int size = Math.min(batchSize, count - batch * batchSize);
            appendDurably(TestRecords.records(seed + (long) batch * batchSize, size), firstArrivalMillis + batch);
        }
    }

    /** Notes that {@code entries} now occupy the positions from {@code first}; for appends made with {@link #call}. */
    void remember(long first, List<AppendEntry> entries, long arrivalMillis) {
        for (int i = 0; i < entries.size(); i++) {
            appended.put(first + i, new Appended(arrivalMillis, entries.get(i)));
        }
    }

    long arrivalOf(long position) {
        return appended.get(position).arrivalMillis();
    }

    ReadBatch read(long fromPosition, int maxRecords, long maxBytes) {
        return call(log -> log.read(fromPosition, maxRecords, maxBytes));
    }

    /** Every readable record, in as many reads as it takes. */
    List<LogRecord> readAll() {
        List<LogRecord> records = new ArrayList<>();
        ReadBatch batch;
        long position = 0;
        do {
            batch = read(position, 1000, Long.MAX_VALUE);
            records.addAll(batch.records());
            position = batch.nextPosition();
        } while (!batch.caughtUp());
        return records;
    }

    /** Asserts that {@code records} are exactly the ones appended at the positions from {@code first} on. */
    void assertAppendedRecords(long first, List<LogRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            Appended expected = appended.get(first + i);
            if (expected == null) {
                throw new AssertionError("position " + (first + i) + " was read but never appended");
            }
            TestRecords.assertRecord(first + i, expected.arrivalMillis(), expected.entry(), records.get(i));
        }
    }

    Future<Void> destroy() {
        Future<Void> destroyed = call(DurableShardLog::destroy);
        log = null;
        return destroyed;
    }

    /** Waits until {@code condition} holds, polling; fails if it does not within the patience limit. */
    static void eventually(String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + description);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + description, e);
            }
        }
    }

    /** Waits for a future from the test thread; rethrows its failure as it is. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a future did not complete; the test is hung", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Closes the log if a test left it open, and the worker. */
    @Override
    public void close() {
        if (log != null) {
            closeLog();
        }
        await(worker.close());
    }
}
