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
 */
public final class Payloads {
    /** Bytes at the start of every record that hold its number. */
    public static final int HEADER_BYTES = 4;
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
}
