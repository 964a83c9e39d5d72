package io.tributary.engine.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** An inclusive range of hash keys owned by one shard. */
public record HashKeyRange(HashKey start, HashKey end) {
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    public HashKeyRange {
        if (start.compareTo(end) > 0) {
            throw new IllegalArgumentException("empty hash key range " + start + ".." + end);
        }
    }

    public boolean contains(HashKey key) {
        return start.compareTo(key) <= 0 && key.compareTo(end) <= 0;
    }

    /**
     * Splits the whole hash space into {@code count} ranges the way Kinesis does at stream creation:
     * each range is {@code floor(2^128 / count)} wide and the last one ends at {@code 2^128 - 1}.
     */
    public static List<HashKeyRange> evenSplit(int count) {
        BigInteger step = TWO_TO_128.divide(BigInteger.valueOf(count));
        List<HashKeyRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigInteger first = step.multiply(BigInteger.valueOf(i));
            HashKey end = i == count - 1 ? HashKey.MAX : HashKey.of(first.add(step).subtract(BigInteger.ONE));
            ranges.add(new HashKeyRange(HashKey.of(first), end));
        }
        return ranges;
    }
}
