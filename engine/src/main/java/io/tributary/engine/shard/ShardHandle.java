package io.tributary.engine.shard;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.log.ShardLog;
import io.tributary.engine.owner.Owner;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * The handle through which everything outside a shard reaches it. Each method hops onto the
 * shard's {@link Owner} and completes on the caller's context; the log itself is never
 * touched from elsewhere.
 *
 * <p>Concurrency: thread-safe; all state behind it is confined to the owner's thread.
 */
public final class ShardHandle {
    private final Owner owner;
    private final ShardLog log;
    private final Clock clock;

    public ShardHandle(Owner owner, ShardLog log, Clock clock) {
        this.owner = owner;
        this.log = log;
        this.clock = clock;
    }

    public Owner owner() {
        return owner;
    }

    /**
     * Appends records and completes with the position of the first once the log's durability holds.
     * Arrival times never go backwards within a shard, even if the wall clock does.
     */
    public Future<Long> append(List<AppendEntry> entries) {
        return owner.call(() -> {
            long arrival = Math.max(clock.millis(), log.lastArrivalMillis());
            long first = log.append(entries, arrival);
            return log.whenDurable(log.endPosition()).map(first);
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
        return owner.call(log::destroy);
    }

    /** Flushes and closes the shard's log at shutdown. */
    public Future<Void> close() {
        return owner.call(() -> {
            log.close();
            return Future.succeededFuture();
        });
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
}
