package io.tributary.engine.replication;

import io.tributary.engine.log.ReadBatch;
import io.vertx.core.Future;

/**
 * A shard held on other nodes, read from them: in cluster mode with a replication factor below the
 * number of nodes, a node holds no replica of some shards, and every read of them here (GetRecords,
 * a shard iterator's position, a SubscribeToShard or live tail feed) asks the shard's group instead,
 * each answer a linearizable read at its leader. Mirrors the reads of
 * {@link io.tributary.engine.shard.ShardHandle}, which delegates to it.
 *
 * <p>Concurrency: thread-safe; the futures complete on any thread.
 */
public interface RemoteShard {

    /** A bounded batch from {@code fromPosition}, skipping records older than the retention period. */
    Future<ReadBatch> read(long fromPosition, int maxRecords, long maxBytes, long retentionMillis);

    /** The first position still within retention. */
    Future<Long> trimHorizon(long retentionMillis);

    /** The position the next record will take. */
    Future<Long> endPosition();

    /** The position of the first record that arrived at or after {@code timestampMillis}. */
    Future<Long> positionAt(long timestampMillis);
}
