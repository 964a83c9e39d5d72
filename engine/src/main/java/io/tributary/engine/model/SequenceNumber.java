package io.tributary.engine.model;

import java.util.Optional;

/**
 * A record's sequence number: which shard it is in, and where in that shard's log.
 *
 * <p>Inside the engine a sequence number is its three primitives; it becomes decimal text only at
 * the protocol edge. The text is a fixed-width concatenation of zero-padded decimal fields, so that
 * comparing two numbers as integers (as the Kinesis Client Library does) compares their fields in
 * order, and decoding needs no scan and no arithmetic on big numbers:
 *
 * <pre>
 *  digit   0         1            13   14           23   24                           42
 *        +---------+----------------+----------------+--------------------------------+
 *        | version | shard epoch    | shard index    | position + 1                   |
 *        | '4'     | 13 digits      | 10 digits      | 19 digits                      |
 *        +---------+----------------+----------------+--------------------------------+
 * </pre>
 *
 * <p>The last field is the record's log position plus one, so that the value with 0 there,
 * position -1, names the start of the shard, before its first record: the shard's
 * {@code StartingSequenceNumber}, and the continuation point of a reader that has read nothing yet.
 *
 * <ul>
 *   <li>Within a shard, numbers grow with the log position: strictly increasing.</li>
 *   <li>The shard index makes numbers unique within the stream.</li>
 *   <li>The shard epoch is the shard's creation time in epoch milliseconds, made strictly greater
 *       than its parents' epochs, so that child shards number above their parents.</li>
 * </ul>
 */
public record SequenceNumber(long shardEpoch, int shardIndex, long position) implements Comparable<SequenceNumber> {
    public static final int TEXT_LENGTH = 43;
    /** The position of the shard's start, before its first record. */
    public static final long BEFORE_FIRST = -1;
    /** The largest position a sequence number can name; a closed shard's ending sequence number uses it. */
    public static final long MAX_POSITION = Long.MAX_VALUE - 1;
    private static final char VERSION = '4';
    private static final int EPOCH_DIGITS = 13;
    private static final int INDEX_DIGITS = 10;
    private static final int POSITION_DIGITS = 19;
    private static final long MAX_EPOCH = 9_999_999_999_999L;

    public SequenceNumber {
        if (shardEpoch < 0 || shardEpoch > MAX_EPOCH || shardIndex < 0 || position < BEFORE_FIRST || position == Long.MAX_VALUE) {
            throw new IllegalArgumentException("sequence number fields out of range");
        }
    }

    /** The text prefix shared by every sequence number of one shard; see {@link #format(String, long)}. */
    public static String shardPrefix(long shardEpoch, int shardIndex) {
        StringBuilder text = new StringBuilder(TEXT_LENGTH).append(VERSION);
        pad(text, Long.toString(shardEpoch), EPOCH_DIGITS);
        pad(text, Integer.toString(shardIndex), INDEX_DIGITS);
        return text.toString();
    }

    /** Formats a position of the shard whose {@link #shardPrefix} is given, without re-encoding the prefix. */
    public static String format(String shardPrefix, long position) {
        return new String(new ShardText(shardPrefix).of(position));
    }

    /**
     * The text of one shard's sequence numbers in a reusable buffer: the shard's prefix is copied in
     * once, then each {@link #of} writes only the position field's 19 digits, right to left. For
     * writing a response's worth of one shard's numbers without a string or a builder each.
     *
     * <p>Concurrency: not thread-safe; one per response being written.
     */
    public static final class ShardText {
        private static final int POSITION_START = TEXT_LENGTH - POSITION_DIGITS;

        private final char[] text = new char[TEXT_LENGTH];

        public ShardText(String shardPrefix) {
            if (shardPrefix.length() != POSITION_START) {
                throw new IllegalArgumentException("not a shard prefix: " + shardPrefix);
            }
            shardPrefix.getChars(0, POSITION_START, text, 0);
        }

        /**
         * The sequence number of {@code position} as {@link #TEXT_LENGTH} characters: the returned
         * array is this object's buffer, valid until the next call.
         */
        public char[] of(long position) {
            long field = position + 1;
            for (int i = TEXT_LENGTH - 1; i >= POSITION_START; i--) {
                text[i] = (char) ('0' + field % 10);
                field /= 10;
            }
            return text;
        }
    }

    /** Reads a sequence number written by {@link #toString()}; any other text is empty. */
    public static Optional<SequenceNumber> parse(String text) {
        if (text.length() != TEXT_LENGTH || text.charAt(0) != VERSION) {
            return Optional.empty();
        }
        for (int i = 1; i < TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        int indexStart = 1 + EPOCH_DIGITS;
        int positionStart = indexStart + INDEX_DIGITS;
        long epoch = Long.parseLong(text, 1, indexStart, 10);
        long index = Long.parseLong(text, indexStart, positionStart, 10);
        String positionDigits = text.substring(positionStart);
        if (index > Integer.MAX_VALUE || positionDigits.compareTo(Long.toString(Long.MAX_VALUE)) > 0) {
            return Optional.empty();
        }
        return Optional.of(new SequenceNumber(epoch, (int) index, Long.parseLong(positionDigits) - 1));
    }

    @Override
    public int compareTo(SequenceNumber other) {
        int byEpoch = Long.compare(shardEpoch, other.shardEpoch);
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byIndex = Integer.compare(shardIndex, other.shardIndex);
        return byIndex != 0 ? byIndex : Long.compare(position, other.position);
    }

    @Override
    public String toString() {
        return format(shardPrefix(shardEpoch, shardIndex), position);
    }

    private static void pad(StringBuilder text, String digits, int width) {
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        text.append(digits);
    }
}
