package io.tributary.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordSizeTest {

    /** One, two, three and four UTF-8 bytes per character, and unpaired surrogates, which encode as one '?'. */
    @ParameterizedTest(name = "key {index}")
    @ValueSource(strings = {"", "pk-1", "ASCII only, 0123456789", "\u00e9", "\u00fc-\u00df", "\u07ff", "\u0800",
        "\u4e2d\u6587", "\uffff", "\uD83D\uDE00", "a\uD83D\uDE00b", "\uD83D", "\uDE00", "x\uD83Dy", "\uDE00\uD83D",
        "\uD83D\uD83D\uDE00"})
    void shouldCountAKeysBytesAsTheUtf8EncoderWritesThem(String key) {
        assertEquals(key.getBytes(StandardCharsets.UTF_8).length, RecordSize.utf8Length(key));
    }

    @Test
    void shouldAddTheDataBytesToTheKeyBytes() {
        assertEquals(3 + 2 + 4, RecordSize.of("\u00e9\uD83D\uDE00", new byte[3]));
    }
}
