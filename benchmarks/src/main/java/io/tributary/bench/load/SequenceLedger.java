package io.tributary.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which records the server acknowledged, by record number: the shard and the sequence number it
 * gave each one. From it, each shard's records in sequence-number order: what every consumer of that
 * shard must be pushed, exactly.
 *
 * <p>Concurrency: each record number is written once, by whoever sent it; the ledger is read only
 * after the senders have finished (their completion orders the writes before the reads).
 */
public final class SequenceLedger {
    private static final short NOT_ACKNOWLEDGED = -1;

    private final short[] shardOf;
    private final String[] sequenceOf;

    public SequenceLedger(int records) {
        shardOf = new short[records];
        sequenceOf = new String[records];
        Arrays.fill(shardOf, NOT_ACKNOWLEDGED);
    }

    public int capacity() {
        return shardOf.length;
    }

    public void acknowledge(int number, int shardIndex, String sequenceNumber) {
        shardOf[number] = (short) shardIndex;
        sequenceOf[number] = sequenceNumber;
    }

    public boolean acknowledged(int number) {
        return number >= 0 && number < shardOf.length && shardOf[number] != NOT_ACKNOWLEDGED;
    }

    /** The shard index that acknowledged the record; call only for acknowledged records. */
    public int shardOf(int number) {
        return shardOf[number];
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

    /** The numbers of the records a shard acknowledged, in sequence-number order. */
    public int[] orderOn(int shardIndex) {
        List<Integer> numbers = new ArrayList<>();
        for (int number = 0; number < shardOf.length; number++) {
            if (shardOf[number] == shardIndex) {
                numbers.add(number);
            }
        }
        numbers.sort(Comparator.comparing((Integer number) -> sequenceOf[number], SequenceLedger::compareSequence));
        return numbers.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Sequence numbers are decimal strings without leading zeros: longer is larger. */
    public static int compareSequence(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
