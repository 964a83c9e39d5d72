package io.tributary.engine.quota;

import io.tributary.engine.model.Limits;
import java.util.function.LongSupplier;

/**
 * A shard's provisioned throughput (QUOTAS.md §1): writes of 1 MiB/s and 1,000 records/s; reads of
 * five GetRecords calls/s and 2 MiB/s, where a large read leaves the shard throttled until it is
 * paid for; five GetShardIterator calls/s. When limits are off, everything is admitted. The write
 * counters also feed the on-demand capacity policy.
 *
 * <p>Concurrency: not thread-safe; used only on the shard owner's thread.
 */
public final class ShardQuotas {
    private final boolean enforced;
    private final LongSupplier nanoTime;
    private final TokenBucket writeBytes;
    private final TokenBucket writeRecords;
    private final TokenBucket readCalls;
    private final TokenBucket readBytes;
    private final TokenBucket iteratorCalls;
    private long attemptedWriteBytes;
    private long attemptedWriteRecords;

    public ShardQuotas(boolean enforced, LongSupplier nanoTime) {
        this.enforced = enforced;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.writeBytes = new TokenBucket(Limits.SHARD_WRITE_BYTES_PER_SECOND, now);
        this.writeRecords = new TokenBucket(Limits.SHARD_WRITE_RECORDS_PER_SECOND, now);
        this.readCalls = new TokenBucket(Limits.SHARD_READ_CALLS_PER_SECOND, now);
        this.readBytes = new TokenBucket(Limits.SHARD_READ_BYTES_PER_SECOND, now);
        this.iteratorCalls = new TokenBucket(Limits.SHARD_ITERATOR_CALLS_PER_SECOND, now);
    }

    /** Admits one record of {@code bytes} (data and partition key) for writing, or refuses it. */
    public boolean admitWrite(long bytes) {
        attemptedWriteBytes += bytes;
        attemptedWriteRecords++;
        if (!enforced) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (!writeRecords.has(1, now) || !writeBytes.has(bytes, now)) {
            return false;
        }
        writeRecords.take(1, now);
        writeBytes.take(bytes, now);
        return true;
    }

    /** Admits a GetRecords call, which then pays for what it read with {@link #readDone}. */
    public boolean admitRead() {
        if (!enforced) {
            return true;
        }
        long now = nanoTime.getAsLong();
        return readBytes.has(Double.MIN_VALUE, now) && readCalls.tryTake(1, now);
    }

    public void readDone(long bytes) {
        if (enforced) {
            readBytes.take(bytes, nanoTime.getAsLong());
        }
    }

    public boolean admitIterator() {
        return !enforced || iteratorCalls.tryTake(1, nanoTime.getAsLong());
    }

    /** Bytes and records offered for writing so far, admitted or not. */
    public long attemptedWriteBytes() {
        return attemptedWriteBytes;
    }

    public long attemptedWriteRecords() {
        return attemptedWriteRecords;
    }
}
