package io.tributary.engine.stream;

import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.shard.ShardHandle;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the stream metadata knows of one shard: identity, hash range, lineage and life span, and the
 * handle to the shard's owner. Immutable.
 *
 * @param epoch          the shard epoch of its sequence numbers (see {@link SequenceNumber})
 * @param createdMillis  when the shard opened
 * @param endingPosition the position after the last record, once the shard is closed
 * @param closedMillis   when the shard closed, once it is
 */
public record ShardState(
    ShardId id,
    HashKeyRange hashKeyRange,
    long epoch,
    Optional<ShardId> parent,
    Optional<ShardId> adjacentParent,
    long createdMillis,
    OptionalLong endingPosition,
    OptionalLong closedMillis,
    ShardHandle handle) {

    public boolean isOpen() {
        return endingPosition.isEmpty();
    }

    /** The shared text prefix of this shard's sequence numbers. */
    public String sequencePrefix() {
        return SequenceNumber.shardPrefix(epoch, id.index());
    }

    public SequenceNumber sequenceNumber(long position) {
        return new SequenceNumber(epoch, id.index(), position);
    }

    /** Whether the shard was open at the given time: created by then and not closed before it. */
    public boolean openAt(long timestampMillis) {
        return createdMillis <= timestampMillis && (closedMillis.isEmpty() || closedMillis.getAsLong() > timestampMillis);
    }
}
