package io.tributary.engine.log.durable;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A sparse index of one segment: an entry for the segment's first record and then one about every
 * {@link #INTERVAL_BYTES} bytes, mapping a record's position and arrival time to its frame's file
 * offset. Arrival times never decrease within a shard, so the same entries answer look-ups by
 * sequence number and by time. Entries are also appended to the segment's {@code .index} file,
 * 20 bytes each, big-endian:
 *
 * <pre>
 *  0                  8                  16          20
 *  +------------------+------------------+-----------+
 *  | position i64     | arrival ms i64   | offset i32|
 *  +------------------+------------------+-----------+
 * </pre>
 *
 * <p>Concurrency: not thread-safe; owned by its shard's owner.
 */
final class SparseIndex {
    static final int ENTRY_BYTES = 20;
    static final int INTERVAL_BYTES = 4096;

    private long[] positions = new long[16];
    private long[] arrivals = new long[16];
    private int[] offsets = new int[16];
    private int size;

    int size() {
        return size;
    }

    long position(int entry) {
        return positions[entry];
    }

    long arrival(int entry) {
        return arrivals[entry];
    }

    int offset(int entry) {
        return offsets[entry];
    }

    void add(long position, long arrivalMillis, int offset) {
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
            arrivals = Arrays.copyOf(arrivals, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        positions[size] = position;
        arrivals[size] = arrivalMillis;
        offsets[size] = offset;
        size++;
    }

    /** Keeps only the first {@code entries} entries. */
    void truncate(int entries) {
        size = Math.min(size, entries);
    }

    /** The last entry at or before {@code position}, or -1 when the first entry is already after it. */
    int floorByPosition(long position) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (positions[middle] <= position) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /** The last entry that arrived strictly before {@code timestampMillis}, or -1. */
    int lastBefore(long timestampMillis) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (arrivals[middle] < timestampMillis) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    static void writeEntry(ByteBuffer buffer, long position, long arrivalMillis, int offset) {
        buffer.putLong(position).putLong(arrivalMillis).putInt(offset);
    }

    /** Reads entries written by {@link #writeEntry}, ignoring a torn last entry. */
    static SparseIndex read(ByteBuffer buffer) {
        SparseIndex index = new SparseIndex();
        while (buffer.remaining() >= ENTRY_BYTES) {
            index.add(buffer.getLong(), buffer.getLong(), buffer.getInt());
        }
        return index;
    }
}
