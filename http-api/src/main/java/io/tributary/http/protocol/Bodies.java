package io.tributary.http.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Decodes request bodies and encodes response bodies, in either encoding. */
public final class Bodies {
    private Bodies() {
    }

    /** Parses a body; anything that is not one well-formed object is a SerializationException. */
    public static JsonNode decode(Encoding encoding, Buffer body) {
        JsonNode node;
        try {
            node = encoding.mapper().readTree(body.getBytes());
        } catch (IOException | RuntimeException malformed) {
            throw ErrorCode.SERIALIZATION.exception(null);
        }
        if (node == null || !node.isObject()) {
            throw ErrorCode.SERIALIZATION.exception(null);
        }
        return node;
    }

    /** The body of a successful answer: the reply's members in one object, or nothing for {@link Reply#EMPTY}. */
    public static Buffer encode(Encoding encoding, Reply reply) {
        Buffer buffer = Buffer.buffer(reply == Reply.EMPTY ? 0 : 256);
        if (reply == Reply.EMPTY) {
            return buffer;
        }
        try (JsonGenerator generator = encoding.factory().createGenerator(new BufferOutputStream(buffer))) {
            generator.writeStartObject();
            reply.writeMembers(new Output(generator));
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a response into memory failed", e);
        }
        return buffer;
    }

    /**
     * The body of an error: {@code __type} and, when there is one, the text. Kinesis writes the text
     * of a SerializationException under {@code Message}, as its Java deserialiser names it, and that
     * of every other error under {@code message}; the AWS SDKs read either.
     */
    public static Buffer encodeError(Encoding encoding, KinesisException error) {
        String messageKey = error.code() == ErrorCode.SERIALIZATION ? "Message" : "message";
        return encode(encoding, out -> {
            out.string("__type", error.code().awsType());
            if (error.getMessage() != null) {
                out.string(messageKey, error.getMessage());
            }
        });
    }
}
