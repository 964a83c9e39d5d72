package io.tributary.engine.model;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An unsigned 128-bit hash key, held as two {@code long}s compared unsigned. Partition keys map to
 * hash keys through MD5, as in Kinesis; {@code BigInteger} appears only when parsing or printing
 * decimal text at the protocol edge.
 */
public record HashKey(long high, long low) implements Comparable<HashKey> {
    public static final HashKey MIN = new HashKey(0L, 0L);
    public static final HashKey MAX = new HashKey(-1L, -1L);

    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger LOW_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(HashKey::newMd5);

    /** The hash key Kinesis derives from a partition key: MD5 of its UTF-8 bytes, unsigned. */
    public static HashKey ofPartitionKey(String partitionKey) {
        byte[] digest = MD5.get().digest(partitionKey.getBytes(StandardCharsets.UTF_8));
        return new HashKey(readLong(digest, 0), readLong(digest, 8));
    }

    /**
     * Parses a decimal hash key.
     *
     * @throws IllegalArgumentException if the text is not a decimal number in [0, 2^128 - 1]
     */
    public static HashKey parse(String decimal) {
        BigInteger value = new BigInteger(decimal);
        if (value.signum() < 0 || value.compareTo(TWO_TO_128) >= 0) {
            throw new IllegalArgumentException("hash key out of range: " + decimal);
        }
        return of(value);
    }

    public static HashKey of(BigInteger value) {
        return new HashKey(value.shiftRight(64).longValue(), value.and(LOW_MASK).longValue());
    }

    public BigInteger toBigInteger() {
        BigInteger high = new BigInteger(Long.toUnsignedString(this.high));
        return high.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }

    public String toDecimalString() {
        return toBigInteger().toString();
    }

    @Override
    public int compareTo(HashKey other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return toDecimalString();
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
