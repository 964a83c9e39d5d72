package io.tributary.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonTest {
    @Test
    void shouldKeepAShortReasonWhole() {
        assertEquals("Stream s was deleted.", CloseReason.normal("Stream s was deleted.").frameReason());
    }

    @Test
    void shouldCutALongReasonToWhatACloseFrameCarries() {
        String reason = CloseReason.policyViolation("Stream " + "x".repeat(200) + " not found.").frameReason();

        assertEquals(CloseReason.MAX_REASON_BYTES, reason.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(reason.startsWith("Stream xxx") && reason.endsWith("…"), reason);
    }

    @Test
    void shouldCutBetweenCharactersNeverInsideOne() {
        String reason = CloseReason.policyViolation("ü".repeat(100)).frameReason();

        assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= CloseReason.MAX_REASON_BYTES);
        assertEquals("ü".repeat(60) + "…", reason);
    }
}
