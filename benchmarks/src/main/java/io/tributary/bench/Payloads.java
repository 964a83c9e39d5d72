package io.tributary.bench;

import java.util.Arrays;

/**
 * Record contents derived from the record's number, so that every record read back can be checked
 * byte for byte without keeping what was sent. The partition key is {@code pk-<number>} (distinct
 * keys spread records evenly over the shards by MD5); the data is:
 *
 * <pre>
 *   0        4                                              size
 *   +--------+----------------------------------------------+
 *   | number | SplitMix64 stream seeded with the number     |
 *   | u32 BE | (size - 4 bytes)                              |
 *   +--------+----------------------------------------------+
 * </pre>
 *
 * <p>A timed record (the fan-out workload's) also carries when it was sent, over the start of the
 * same stream, so that whoever receives it can tell how long it took:
 *
 * <pre>
 *   0        4                   12                              size
 *   +--------+-------------------+-------------------------------+
 *   | number | sent: the sender's| SplitMix64 stream from byte 12 |
 *   | u32 BE | System.nanoTime() |                               |
 *   |        | i64 BE            |                               |
 *   +--------+-------------------+-------------------------------+
 * </pre>
 */
public final class Payloads {
    /** Bytes at the start of every record that hold its number. */
    public static final int HEADER_BYTES = 4;
    /** Bytes at the start of a timed record that hold its number and when it was sent. */
    public static final int TIMED_HEADER_BYTES = HEADER_BYTES + Long.BYTES;
    private static final String KEY_PREFIX = "pk-";
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Payloads() {
    }

    public static String partitionKey(int number) {
        return KEY_PREFIX + number;
    }

    /** The record number in a partition key this class made, or -1 for any other key. */
    public static int numberOf(String partitionKey) {
        if (!partitionKey.startsWith(KEY_PREFIX) || partitionKey.length() == KEY_PREFIX.length()) {
            return -1;
        }
        try {
            return Integer.parseInt(partitionKey, KEY_PREFIX.length(), partitionKey.length(), 10);
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }

    public static byte[] data(int number, int size) {
        byte[] data = new byte[size];
        data[0] = (byte) (number >>> 24);
        data[1] = (byte) (number >>> 16);
        data[2] = (byte) (number >>> 8);
        data[3] = (byte) number;
        long state = number * GOLDEN_GAMMA;
        for (int i = HEADER_BYTES; i < size; i += Long.BYTES) {
            state += GOLDEN_GAMMA;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            for (int b = 0; b < Long.BYTES && i + b < size; b++) {
                data[i + b] = (byte) (z >>> (8 * b));
            }
        }
        return data;
    }

    /** Whether {@code data} is exactly what record {@code number} was sent with. */
    public static boolean matches(int number, byte[] data, int size) {
        return data.length == size && Arrays.equals(data, data(number, size));
    }

    /** A timed record: {@link #data} with the send time, {@code System.nanoTime()}, in bytes 4 to 11. */
    public static byte[] timedData(int number, int size, long sentNanos) {
        byte[] data = data(number, size);
        for (int i = 0; i < Long.BYTES; i++) {
            data[HEADER_BYTES + i] = (byte) (sentNanos >>> (8 * (Long.BYTES - 1 - i)));
        }
        return data;
    }

    /** The send time a timed record carries. */
    public static long sentNanos(byte[] data) {
        long nanos = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            nanos = (nanos << 8) | (data[HEADER_BYTES + i] & 0xFF);
        }
        return nanos;
    }

    /** The record number in the first four bytes of a record's data, or -1 if it is too short. */
    public static int numberIn(byte[] data) {
        if (data.length < HEADER_BYTES) {
            return -1;
        }
        return ((data[0] & 0xFF) << 24) | ((data[1] & 0xFF) << 16) | ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
    }

    /** Whether {@code data} is what timed record {@code number} was sent with, whatever its send time. */
    public static boolean matchesTimed(int number, byte[] data, int size) {
        if (data.length != size || numberIn(data) != number) {
            return false;
        }
        byte[] expected = data(number, size);
        return Arrays.equals(data, TIMED_HEADER_BYTES, size, expected, TIMED_HEADER_BYTES, size);
    }
}
