package io.tributary.websocket;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What a browser may say on a tail's socket, as JSON text: {@code {"type":"pause"}} stops the push
 * (nothing more is read for this socket until it resumes; the records wait in the stream), and
 * {@code {"type":"resume"}} goes on where it stopped. Other fields are ignored.
 */
public enum ClientMessage {
    PAUSE("pause"), RESUME("resume");

    private final String type;

    ClientMessage(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }

    /** The message {@code text} holds, or {@link Malformed} saying what is wrong with it. */
    public static ClientMessage parse(String text) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException notAnObject) {
            throw new Malformed("expected a JSON object such as {\"type\":\"pause\"}.");
        }
        Object type = json.getValue("type");
        for (ClientMessage message : values()) {
            if (message.type.equals(type)) {
                return message;
            }
        }
        throw new Malformed("unknown type " + (type == null ? "(none)" : JsonObject.of("type", type).encode())
            + "; send {\"type\":\"pause\"} or {\"type\":\"resume\"}.");
    }

    /** A message that is not JSON, not an object, or of no known type. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
