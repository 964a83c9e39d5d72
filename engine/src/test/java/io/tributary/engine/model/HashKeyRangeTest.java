package io.tributary.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashKeyRangeTest {
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void shouldSplitTheWholeHashSpaceIntoContiguousRanges(int count) {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(count);

        assertEquals(count, ranges.size());
        assertEquals(BigInteger.ZERO, start(ranges.get(0)));
        assertEquals(TWO_TO_128.subtract(BigInteger.ONE), end(ranges.get(count - 1)));
        for (int i = 1; i < count; i++) {
            assertEquals(end(ranges.get(i - 1)).add(BigInteger.ONE), start(ranges.get(i)), "range " + i + " starts after range " + (i - 1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void shouldMakeEveryRangeButTheLastFloorOf2Pow128OverCountWide(int count) {
        BigInteger step = TWO_TO_128.divide(BigInteger.valueOf(count));
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(count);

        for (int i = 0; i < count - 1; i++) {
            assertEquals(step, width(ranges.get(i)), "width of range " + i);
        }
        BigInteger remainder = TWO_TO_128.mod(BigInteger.valueOf(count));
        assertEquals(step.add(remainder), width(ranges.get(count - 1)), "the last range takes the remainder");
    }

    @Test
    void shouldSplitInTwoAtTheMiddleOfTheHashSpace() {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(2);

        assertEquals(HashKey.parse("170141183460469231731687303715884105727"), ranges.get(0).end());
        assertEquals(HashKey.parse("170141183460469231731687303715884105728"), ranges.get(1).start());
    }

    @Test
    void shouldContainBothOfItsInclusiveEnds() {
        HashKeyRange range = new HashKeyRange(HashKey.parse("100"), HashKey.parse("200"));

        assertTrue(range.contains(HashKey.parse("100")));
        assertTrue(range.contains(HashKey.parse("200")));
        assertFalse(range.contains(HashKey.parse("99")));
        assertFalse(range.contains(HashKey.parse("201")));
    }

    @Test
    void shouldRejectARangeThatEndsBeforeItStarts() {
        assertThrows(IllegalArgumentException.class, () -> new HashKeyRange(HashKey.parse("2"), HashKey.parse("1")));
    }

    private static BigInteger start(HashKeyRange range) {
        return range.start().toBigInteger();
    }

    private static BigInteger end(HashKeyRange range) {
        return range.end().toBigInteger();
    }

    private static BigInteger width(HashKeyRange range) {
        return end(range).subtract(start(range)).add(BigInteger.ONE);
    }
}
