package io.tributary.engine.shard;

/**
 * An append reached a shard that resharding has closed: the caller's view of the stream is older
 * than the close, and the records belong to a child shard. Not an error for the client.
 */
public final class ShardClosedException extends RuntimeException {
    public ShardClosedException() {
        super("shard closed by resharding", null, false, false);
    }
}
