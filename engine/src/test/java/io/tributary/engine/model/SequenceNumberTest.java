package io.tributary.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceNumberTest {
    private static final long EPOCH = 1_700_000_000_000L;
    private static final long MAX_EPOCH = 9_999_999_999_999L;

    private static final List<SequenceNumber> SAMPLES = List.of(
        new SequenceNumber(0, 0, SequenceNumber.BEFORE_FIRST),
        new SequenceNumber(0, 0, 0),
        new SequenceNumber(EPOCH, 0, SequenceNumber.BEFORE_FIRST),
        new SequenceNumber(EPOCH, 0, 0),
        new SequenceNumber(EPOCH, 3, 42),
        new SequenceNumber(EPOCH, 12, 1_234_567_890_123L),
        new SequenceNumber(MAX_EPOCH, Integer.MAX_VALUE, SequenceNumber.MAX_POSITION));

    @Test
    void shouldParseWhatItFormats() {
        for (SequenceNumber sequence : SAMPLES) {
            assertEquals(Optional.of(sequence), SequenceNumber.parse(sequence.toString()));
        }
    }

    @Test
    void shouldAlwaysWrite43DecimalDigits() {
        for (SequenceNumber sequence : SAMPLES) {
            String text = sequence.toString();
            assertEquals(43, text.length());
            assertTrue(text.chars().allMatch(Character::isDigit), text);
        }
    }

    @Test
    void shouldFormatFromTheShardPrefixExactlyAsToString() {
        for (SequenceNumber sequence : SAMPLES) {
            String prefix = SequenceNumber.shardPrefix(sequence.shardEpoch(), sequence.shardIndex());
            assertEquals(sequence.toString(), SequenceNumber.format(prefix, sequence.position()));
        }
    }

    @Test
    void shouldWriteEachPositionFromTheShardBufferExactlyAsToString() {
        for (SequenceNumber sequence : SAMPLES) {
            SequenceNumber.ShardText text =
                new SequenceNumber.ShardText(SequenceNumber.shardPrefix(sequence.shardEpoch(), sequence.shardIndex()));
            assertEquals(sequence.toString(), new String(text.of(sequence.position())));
        }
    }

    @Test
    void shouldReuseOneShardBufferForManyPositionsWithoutLeftoverDigits() {
        SequenceNumber.ShardText text = new SequenceNumber.ShardText(SequenceNumber.shardPrefix(EPOCH, 5));
        for (long position : new long[] {1_234_567_890_123L, 7, SequenceNumber.BEFORE_FIRST, SequenceNumber.MAX_POSITION, 99}) {
            assertEquals(new SequenceNumber(EPOCH, 5, position).toString(), new String(text.of(position)));
        }
    }

    @Test
    void shouldIncreaseNumericallyWithThePositionInAShard() {
        long[] positions = {SequenceNumber.BEFORE_FIRST, 0, 1, 9, 10, 99, 100, 1_000_000_000L, Long.MAX_VALUE - 2,
            SequenceNumber.MAX_POSITION};

        for (int i = 1; i < positions.length; i++) {
            SequenceNumber earlier = new SequenceNumber(EPOCH, 2, positions[i - 1]);
            SequenceNumber later = new SequenceNumber(EPOCH, 2, positions[i]);
            assertTrue(numeric(later).compareTo(numeric(earlier)) > 0, later + " > " + earlier);
            assertTrue(later.compareTo(earlier) > 0);
        }
    }

    @Test
    void shouldNumberChildShardsAboveTheirParentsLastPossibleRecord() {
        SequenceNumber parentLast = new SequenceNumber(EPOCH, 5, SequenceNumber.MAX_POSITION);
        SequenceNumber childFirst = new SequenceNumber(EPOCH + 1, 6, SequenceNumber.BEFORE_FIRST);
        SequenceNumber childWithLowerIndex = new SequenceNumber(EPOCH + 1, 0, SequenceNumber.BEFORE_FIRST);

        assertTrue(numeric(childFirst).compareTo(numeric(parentLast)) > 0);
        assertTrue(numeric(childWithLowerIndex).compareTo(numeric(parentLast)) > 0);
        assertTrue(childFirst.compareTo(parentLast) > 0);
    }

    @Test
    void shouldNumberTheSamePositionDifferentlyInEachShardOfAStream() {
        assertNotEquals(new SequenceNumber(EPOCH, 0, 7).toString(), new SequenceNumber(EPOCH, 1, 7).toString());
    }

    @Test
    void shouldCompareAsTheDecimalTextComparesNumerically() {
        for (SequenceNumber a : SAMPLES) {
            for (SequenceNumber b : SAMPLES) {
                assertEquals(Integer.signum(numeric(a).compareTo(numeric(b))), Integer.signum(a.compareTo(b)), a + " vs " + b);
            }
        }
    }

    @Test
    void shouldRejectTextOfTheWrongLength() {
        String valid = new SequenceNumber(EPOCH, 1, 1).toString();

        assertEquals(Optional.empty(), SequenceNumber.parse(valid.substring(1)));
        assertEquals(Optional.empty(), SequenceNumber.parse(valid + "0"));
        assertEquals(Optional.empty(), SequenceNumber.parse(""));
    }

    @ParameterizedTest
    @ValueSource(chars = {'0', '3', '5', '9'})
    void shouldRejectAnyVersionDigitButFour(char version) {
        String valid = new SequenceNumber(EPOCH, 1, 1).toString();

        assertEquals(Optional.empty(), SequenceNumber.parse(version + valid.substring(1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 14, 30, 42})
    void shouldRejectNonDigits(int at) {
        StringBuilder text = new StringBuilder(new SequenceNumber(EPOCH, 1, 1).toString());
        for (char bad : new char[] {'a', '-', ' ', '+'}) {
            text.setCharAt(at, bad);
            assertEquals(Optional.empty(), SequenceNumber.parse(text.toString()), text.toString());
        }
    }

    @Test
    void shouldWriteThePositionPlusOneSoThatZeroNamesTheShardStart() {
        String prefix = SequenceNumber.shardPrefix(EPOCH, 1);

        assertEquals(prefix + "0000000000000000000", new SequenceNumber(EPOCH, 1, SequenceNumber.BEFORE_FIRST).toString());
        assertEquals(prefix + "0000000000000000001", new SequenceNumber(EPOCH, 1, 0).toString());
        assertEquals(Optional.of(new SequenceNumber(EPOCH, 1, SequenceNumber.BEFORE_FIRST)), SequenceNumber.parse(prefix + "0000000000000000000"));
    }

    @Test
    void shouldRejectPositionFieldsAboveLongMaxValue() {
        String prefix = SequenceNumber.shardPrefix(EPOCH, 1);

        assertEquals(Optional.empty(), SequenceNumber.parse(prefix + "9223372036854775808"));
        assertEquals(Optional.empty(), SequenceNumber.parse(prefix + "9999999999999999999"));
        assertEquals(Optional.of(new SequenceNumber(EPOCH, 1, SequenceNumber.MAX_POSITION)),
            SequenceNumber.parse(prefix + "9223372036854775807"));
    }

    @Test
    void shouldRejectShardIndexesAboveIntegerMaxValue() {
        assertEquals(Optional.empty(), SequenceNumber.parse("4" + "1700000000000" + "2147483648" + "0000000000000000000"));
    }

    @Test
    void shouldRefuseFieldsThatDoNotFitTheirDigits() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumber(MAX_EPOCH + 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumber(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumber(EPOCH, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumber(EPOCH, 0, -2));
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumber(EPOCH, 0, Long.MAX_VALUE));
    }

    private static BigInteger numeric(SequenceNumber sequence) {
        return new BigInteger(sequence.toString());
    }
}
