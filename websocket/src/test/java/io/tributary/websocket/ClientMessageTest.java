package io.tributary.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientMessageTest {
    @Test
    void shouldReadPauseAndResumeIgnoringOtherFields() {
        assertEquals(ClientMessage.PAUSE, ClientMessage.parse("{\"type\":\"pause\"}"));
        assertEquals(ClientMessage.RESUME, ClientMessage.parse("{\"type\":\"resume\",\"note\":\"from the page\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pause", "", "[1,2]", "{\"type\":", "\"pause\""})
    void shouldRejectTextThatIsNotAJsonObject(String text) {
        ClientMessage.Malformed malformed = assertThrows(ClientMessage.Malformed.class, () -> ClientMessage.parse(text));
        assertEquals("expected a JSON object such as {\"type\":\"pause\"}.", malformed.getMessage());
    }

    @Test
    void shouldRejectAnUnknownOrMissingType() {
        assertEquals("unknown type {\"type\":\"stop\"}; send {\"type\":\"pause\"} or {\"type\":\"resume\"}.",
            assertThrows(ClientMessage.Malformed.class, () -> ClientMessage.parse("{\"type\":\"stop\"}")).getMessage());
        assertEquals("unknown type (none); send {\"type\":\"pause\"} or {\"type\":\"resume\"}.",
            assertThrows(ClientMessage.Malformed.class, () -> ClientMessage.parse("{}")).getMessage());
    }
}
