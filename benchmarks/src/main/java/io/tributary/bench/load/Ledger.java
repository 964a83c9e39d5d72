package io.tributary.bench.load;

import java.util.Arrays;

/**
 * Which records the server acknowledged, and on which shard, by record number. Two bytes per record.
 *
 * <p>Concurrency: each record number is written by the one lane that sent it; the ledger is read
 * only after the lanes have finished (their completion orders the writes before the reads).
 */
public final class Ledger {
    private static final short NOT_ACKNOWLEDGED = -1;

    private final short[] shardOf;

    public Ledger(int records) {
        shardOf = new short[records];
        Arrays.fill(shardOf, NOT_ACKNOWLEDGED);
    }

    public int capacity() {
        return shardOf.length;
    }

    public void acknowledge(int number, int shardIndex) {
        shardOf[number] = (short) shardIndex;
    }

    public boolean acknowledged(int number) {
        return number >= 0 && number < shardOf.length && shardOf[number] != NOT_ACKNOWLEDGED;
    }

    /** The shard index that acknowledged the record; call only for acknowledged records. */
    public int shardOf(int number) {
        return shardOf[number];
    }

    /** Acknowledged records per shard index. */
    public long[] countsPerShard(int shardIndexes) {
        long[] counts = new long[shardIndexes];
        for (short shard : shardOf) {
            if (shard != NOT_ACKNOWLEDGED && shard < shardIndexes) {
                counts[shard]++;
            }
        }
        return counts;
    }

    public long acknowledgedCount() {
        long count = 0;
        for (short shard : shardOf) {
            if (shard != NOT_ACKNOWLEDGED) {
                count++;
            }
        }
        return count;
    }
}
