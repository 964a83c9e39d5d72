package io.tributary.engine.shard;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.log.ShardLog;
import io.tributary.engine.owner.Owner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The handle through which everything outside a shard reaches it. Each method hops onto the
 * shard's {@link Owner} and completes on the caller's context; the log itself is never touched from
 * elsewhere.
 *
 * <p>Readers that have caught up wait with {@link #recordsAfter}: they are woken when an append
 * becomes readable, never by polling.
 *
 * <p>Concurrency: thread-safe; all state behind it (the log and the waiting readers) is confined to
 * the owner's thread.
 */
public final class ShardHandle {
    private final Owner owner;
    private final ShardLog log;
    private final Clock clock;
    /** Readers waiting for records; owner thread only. */
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(long position, Runnable wake) {
    }

    public ShardHandle(Owner owner, ShardLog log, Clock clock) {
        this.owner = owner;
        this.log = log;
        this.clock = clock;
    }

    public Owner owner() {
        return owner;
    }

    /**
     * Appends records and completes with the position of the first once the log's durability holds;
     * waiting readers are woken then. Arrival times never go backwards within a shard, even if the
     * wall clock does.
     */
    public Future<Long> append(List<AppendEntry> entries) {
        return owner.call(() -> {
            long arrival = Math.max(clock.millis(), log.lastArrivalMillis());
            long first = log.append(entries, arrival);
            return log.whenDurable(log.endPosition()).map(durable -> {
                wakeReaders();
                return first;
            });
        });
    }

    /**
     * Reads a bounded batch from {@code fromPosition}, skipping records older than the retention
     * period, which are then trimmed.
     */
    public Future<ReadBatch> read(long fromPosition, int maxRecords, long maxBytes, long retentionMillis) {
        return owner.call(() -> {
            applyRetention(retentionMillis);
            return Future.succeededFuture(log.read(fromPosition, maxRecords, maxBytes));
        });
    }

    /**
     * Completes, on the subscriber's context, as soon as a record at {@code position} or later is
     * readable; at once if one already is. Cancelling stops the wait.
     */
    public Mono<Void> recordsAfter(long position) {
        return Mono.create(sink -> {
            Context caller = Vertx.currentContext();
            Waiter waiter = new Waiter(position, () -> deliver(caller, sink::success));
            owner.call(() -> {
                if (log.readableEnd() > position) {
                    waiter.wake().run();
                } else {
                    waiters.add(waiter);
                }
                return Future.succeededFuture();
            });
            sink.onCancel(() -> owner.call(() -> {
                waiters.remove(waiter);
                return Future.succeededFuture();
            }));
        });
    }

    /** The first position still within retention: where a TRIM_HORIZON reader starts. */
    public Future<Long> trimHorizon(long retentionMillis) {
        return owner.call(() -> Future.succeededFuture(applyRetention(retentionMillis)));
    }

    /** The position the next record will take: where a LATEST reader starts. */
    public Future<Long> endPosition() {
        return owner.call(() -> Future.succeededFuture(log.endPosition()));
    }

    public Future<Long> positionAt(long timestampMillis) {
        return owner.call(() -> Future.succeededFuture(log.positionAt(timestampMillis)));
    }

    /** Deletes the shard's stored records; the handle is not used afterwards. */
    public Future<Void> destroy() {
        return owner.call(() -> {
            wakeAll();
            return log.destroy();
        });
    }

    /** Bytes of the shard's log on disk, as last published by its owner; safe from any thread. */
    public long storedBytes() {
        return log.storedBytes();
    }

    /** Flushes and closes the shard's log at shutdown. */
    public Future<Void> close() {
        return owner.call(() -> {
            log.close();
            return Future.succeededFuture();
        });
    }

    /** Wakes every waiting reader, whatever it waits for: the shard changed state (closed, deleted). */
    public Future<Void> wakeAll() {
        return owner.call(() -> {
            List<Waiter> woken = new ArrayList<>(waiters);
            waiters.clear();
            woken.forEach(waiter -> waiter.wake().run());
            return Future.succeededFuture();
        });
    }

    private void wakeReaders() {
        long readable = log.readableEnd();
        List<Waiter> woken = new ArrayList<>();
        waiters.removeIf(waiter -> waiter.position() < readable && woken.add(waiter));
        woken.forEach(waiter -> waiter.wake().run());
    }

    /** Hides records older than the retention period and returns the first position still readable. */
    private long applyRetention(long retentionMillis) {
        long cutoff = clock.millis() - retentionMillis;
        long oldest = log.firstArrivalMillis();
        if (oldest >= 0 && oldest < cutoff) {
            log.trimBefore(log.positionAt(cutoff));
        }
        return log.startPosition();
    }

    private static void deliver(Context caller, Runnable action) {
        if (caller == null) {
            action.run();
        } else {
            caller.runOnContext(ignored -> action.run());
        }
    }
}
