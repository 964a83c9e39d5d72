package io.tributary.engine.model;

import java.util.Optional;

/**
 * A shard's identity within its stream: a non-negative index, written as {@code shardId-} and
 * twelve zero-padded digits. Resharding takes the next free index.
 */
public record ShardId(int index) implements Comparable<ShardId> {
    private static final String PREFIX = "shardId-";
    /** Zero-padded digits after the prefix; an int's ten always fit. */
    private static final int DIGITS = 12;

    public ShardId {
        if (index < 0) {
            throw new IllegalArgumentException("negative shard index " + index);
        }
    }

    /**
     * Reads a shard id as Kinesis does: {@code shardId-000000000001}, and also the bare or shortened
     * forms {@code 1} and {@code shardId-1}. Anything else is empty.
     */
    public static Optional<ShardId> parse(String text) {
        String digits = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        if (digits.isEmpty() || digits.length() > DIGITS) {
            return Optional.empty();
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        long index = Long.parseLong(digits);
        return index > Integer.MAX_VALUE ? Optional.empty() : Optional.of(new ShardId((int) index));
    }

    @Override
    public int compareTo(ShardId other) {
        return Integer.compare(index, other.index);
    }

    @Override
    public String toString() {
        char[] text = new char[PREFIX.length() + DIGITS];
        PREFIX.getChars(0, PREFIX.length(), text, 0);
        int rest = index;
        for (int i = text.length - 1; i >= PREFIX.length(); i--) {
            text[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return new String(text);
    }
}
