package io.tributary.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Why the server closes a tail's socket: a WebSocket close code (RFC 6455 §7.4.1) and a reason for
 * people. A close frame carries at most 123 bytes of reason, so {@link #frameReason()} shortens long
 * ones; the full text goes out first in an error message (see {@link TailFrames#error}).
 */
public record CloseReason(short code, String reason) {
    /** The tail is over and nothing went wrong: its stream was deleted, or its shards all ended. */
    public static final short NORMAL = 1000;
    /** The client sent a kind of message the tail does not take (binary). */
    public static final short UNSUPPORTED_DATA = 1003;
    /** The client asked for something wrong: an unknown stream or shard, a bad start, a malformed message. */
    public static final short POLICY_VIOLATION = 1008;
    /** The server failed. */
    public static final short INTERNAL_ERROR = 1011;

    static final int MAX_REASON_BYTES = 123;
    private static final String ELLIPSIS = "…";

    public static CloseReason normal(String reason) {
        return new CloseReason(NORMAL, reason);
    }

    public static CloseReason policyViolation(String reason) {
        return new CloseReason(POLICY_VIOLATION, reason);
    }

    /** The reason as a close frame can carry it: at most 123 bytes of UTF-8, cut between characters and marked with "…". */
    public String frameReason() {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        int budget = MAX_REASON_BYTES - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < reason.length(); ) {
            int codePoint = reason.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int bytes = character.getBytes(StandardCharsets.UTF_8).length;
            if (used + bytes > budget) {
                break;
            }
            cut.append(character);
            used += bytes;
            i += Character.charCount(codePoint);
        }
        return cut.append(ELLIPSIS).toString();
    }
}
