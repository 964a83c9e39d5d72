package io.tributary.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardIdTest {

    @Test
    void shouldFormatIndexAsShardIdPrefixAndTwelveZeroPaddedDigits() {
        assertEquals("shardId-000000000000", new ShardId(0).toString());
        assertEquals("shardId-000000000001", new ShardId(1).toString());
        assertEquals("shardId-000000001234", new ShardId(1234).toString());
        assertEquals("shardId-002147483647", new ShardId(Integer.MAX_VALUE).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shardId-000000000001", "1", "shardId-1", "000000000001", "shardId-01"})
    void shouldParseTheFullAndTheShortenedForms(String text) {
        assertEquals(Optional.of(new ShardId(1)), ShardId.parse(text));
    }

    @Test
    void shouldParseWhatItFormats() {
        for (int index : new int[] {0, 7, 999_999, Integer.MAX_VALUE}) {
            ShardId id = new ShardId(index);
            assertEquals(Optional.of(id), ShardId.parse(id.toString()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "shardId-", "shard-1", "shardid-1", "shardId-abc", "shardId-1x", " 1", "+1", "1.0"})
    void shouldRejectTextThatIsNotAShardId(String text) {
        assertEquals(Optional.empty(), ShardId.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "shardId--1", "shardId-(-1)"})
    void shouldRejectNegativeIndexes(String text) {
        assertEquals(Optional.empty(), ShardId.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000000000001", "shardId-0000000000001", "shardId-1234567890123"})
    void shouldRejectMoreThanTwelveDigits(String text) {
        assertEquals(Optional.empty(), ShardId.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "shardId-002147483648", "shardId-999999999999"})
    void shouldRejectIndexesAboveIntegerMaxValue(String text) {
        assertEquals(Optional.empty(), ShardId.parse(text));
    }

    @Test
    void shouldRefuseToBuildANegativeIndex() {
        assertThrows(IllegalArgumentException.class, () -> new ShardId(-1));
    }
}
