package io.tributary.engine.log;

import io.vertx.core.Future;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The append-only record log of one shard. Positions start at 0 and grow by one per record; the
 * sequence number of a record is derived from its shard and position.
 *
 * <p>Concurrency: implementations are not thread-safe. A log is touched only by its shard's owner
 * (see {@code ShardOwner}); the owner is the single writer and the only reader.
 *
 * <p>This interface is the seam where a durable or replicated log replaces the in-memory one:
 * {@link #append} places records, {@link #whenDurable} says when they may be acknowledged.
 */
public interface ShardLog {

    /** The first position still readable (the trim horizon). */
    long startPosition();

    /** The position the next appended record will take. */
    long endPosition();

    /**
     * Appends records, all with the given arrival time, and returns the position of the first.
     * Arrival times must not decrease from one append to the next.
     *
     * @throws io.tributary.engine.error.KinesisException InternalFailure when the storage fails; the
     *     log is then as it was before the call
     */
    long append(List<AppendEntry> entries, long arrivalMillis);

    /**
     * {@link #append(List, long)}, encrypting the records at rest under data keys of the KMS key
     * {@code kmsKeyArn} when it is present (the stream is encrypted); records read back say whether
     * they were written so ({@link LogRecord#encrypted()}).
     *
     * @throws io.tributary.engine.error.KinesisException a KMS error when no data key can be had
     *     from the key; the log is then as it was before the call
     */
    long append(List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn);

    /**
     * The end of what readers may see: records below it are acknowledged. In {@code fsync} mode it
     * trails {@link #endPosition()} until the covering flush.
     */
    long readableEnd();

    /** Completes once every record below {@code endPosition} satisfies the configured durability. */
    Future<Void> whenDurable(long endPosition);

    /**
     * Completes once every record appended so far is on disk, whatever the configured durability:
     * in cluster mode, where a replica's log is not forced per append, a Raft group forces its
     * shards' logs this way before it takes a snapshot. A log kept in memory has nothing to force.
     */
    default Future<Void> force() {
        return Future.succeededFuture();
    }

    /**
     * Reads from {@code fromPosition} (moved up to the start if it has been trimmed), at most
     * {@code maxRecords} records and, past the first record, at most {@code maxBytes} of data and
     * partition keys. Only acknowledged records are read.
     *
     * @throws io.tributary.engine.error.KinesisException InternalFailure when stored data is corrupt
     *     or cannot be read; corrupt data is never returned
     */
    ReadBatch read(long fromPosition, int maxRecords, long maxBytes);

    /** The position of the first record that arrived at or after the given time, or the end position. */
    long positionAt(long timestampMillis);

    /** Arrival time of the newest record, or -1 when the log holds none. */
    long lastArrivalMillis();

    /** Arrival time of the oldest record still readable, or -1 when the log holds none. */
    long firstArrivalMillis();

    /** Records below {@code position} have passed retention: they are no longer read and may be dropped. */
    void trimBefore(long position);

    /**
     * Drops every record and makes the log empty, starting at {@code position}, beyond its end: a
     * cluster replica catching up from a copy whose records below there have passed retention on
     * the copy's side, so nothing this log holds is still readable anywhere. The change is on disk
     * when the call returns; it fails with IllegalStateException while a flush is in progress
     * (try again).
     */
    void restartAt(long position) throws IOException;

    /** Releases files and memory and deletes what the log stored; for a deleted stream. */
    Future<Void> destroy();

    /** Flushes and releases files; for a clean shutdown. */
    void close();

    /**
     * Bytes the log's files take on disk (0 for a log kept in memory), for monitoring. Unlike every
     * other method, safe to call from any thread: it reads a value the owner publishes.
     */
    default long storedBytes() {
        return 0;
    }
}
