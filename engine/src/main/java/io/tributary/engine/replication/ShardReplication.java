package io.tributary.engine.replication;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.shard.AppendResult;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The seam where a shard's writes leave this process: in cluster mode an append or a seal is
 * proposed to the shard's Raft group, and every replica (this one included) applies it to its own
 * shard log through {@link io.tributary.engine.shard.ShardHandle#applyAppend} and
 * {@link io.tributary.engine.shard.ShardHandle#applySeal}. A single node has no
 * {@code ShardReplication}: its {@code ShardHandle} appends to the local log directly.
 *
 * <p>Concurrency: implementations are thread-safe; the futures may complete on any thread.
 */
public interface ShardReplication {

    /**
     * Proposes one batch (in a Raft entry of the shard's group, maybe with other calls' records for
     * this and the group's other shards) that arrived at {@code arrivalMillis} on the proposer, to be
     * stored sealed under {@code kmsKeyArn} when present (the stream is encrypted), and
     * completes, once a majority has it and this node has applied it, with the position the state
     * machine gave its first record and how many were taken: a prefix of {@code entries} within the
     * shard's write throughput, which the group's leader admits (so the limit holds for the shard
     * whichever nodes its writes arrive on). Fails with {@link io.tributary.engine.shard.ShardClosedException}
     * when the shard was sealed before the entry, and with a KinesisException (InternalFailure or
     * ServiceUnavailable) when the group cannot commit in time.
     */
    Future<AppendResult> append(List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn);

    /**
     * Bytes and records offered to this shard for writing since it was created, admitted or not, as
     * its group agreed them: the same on every replica, whichever nodes the writes arrived on (what
     * on-demand scaling measures).
     */
    Future<long[]> offeredWrites();

    /** Proposes the shard's seal (a reshard closes it) and completes with its ending position. */
    Future<Long> seal();

    /**
     * Completes once this node's replica holds every entry committed before the call (a
     * linearizable read index), so that a read of the local log sees every acknowledged write.
     */
    Future<Void> readBarrier();

    /**
     * Told when this node's replica of the shard could not apply an agreed write (its log refused it,
     * as on a full disk) and applies it again until it can ({@code true}), and when it caught up
     * ({@code false}); on the owner's thread.
     */
    default void applyStalled(boolean stalled) {
    }

    /** Where this shard is read when this node holds no replica of it; empty when it holds one. */
    default Optional<RemoteShard> remote() {
        return Optional.empty();
    }

    /**
     * Reads of this shard asked of its group (linearizable reads at its leader, from the leader's
     * log): where a replica here that lacks agreed writes (see {@link #applyStalled}) sends the
     * reads that must see every acknowledged write.
     */
    RemoteShard groupReads();
}
