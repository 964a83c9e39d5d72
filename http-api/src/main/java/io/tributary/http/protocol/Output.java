package io.tributary.http.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes response members in the request's encoding, applying the wire rules for the two types the
 * encodings disagree on: timestamps (JSON epoch seconds with milliseconds as the fraction; CBOR tag
 * 1 with integer epoch milliseconds, which is what the AWS SDK reads) and blobs (base64 text in
 * JSON; byte strings in CBOR).
 */
public final class Output {
    private final JsonGenerator generator;

    public Output(JsonGenerator generator) {
        this.generator = generator;
    }

    public Output string(String name, String value) throws IOException {
        generator.writeStringField(name, value);
        return this;
    }

    public Output number(String name, long value) throws IOException {
        generator.writeNumberField(name, value);
        return this;
    }

    public Output bool(String name, boolean value) throws IOException {
        generator.writeBooleanField(name, value);
        return this;
    }

    public Output timestamp(String name, long epochMillis) throws IOException {
        generator.writeFieldName(name);
        if (generator instanceof CBORGenerator cbor) {
            cbor.writeTag(1);
            cbor.writeNumber(epochMillis);
        } else {
            generator.writeNumber(epochSeconds(epochMillis));
        }
        return this;
    }

    public Output blob(String name, byte[] data) throws IOException {
        generator.writeFieldName(name);
        generator.writeBinary(data);
        return this;
    }

    public Output startObject(String name) throws IOException {
        generator.writeObjectFieldStart(name);
        return this;
    }

    public Output startObject() throws IOException {
        generator.writeStartObject();
        return this;
    }

    public Output endObject() throws IOException {
        generator.writeEndObject();
        return this;
    }

    public Output startArray(String name) throws IOException {
        generator.writeArrayFieldStart(name);
        return this;
    }

    public Output endArray() throws IOException {
        generator.writeEndArray();
        return this;
    }

    public Output stringValue(String value) throws IOException {
        generator.writeString(value);
        return this;
    }

    /** Epoch seconds with exactly three decimals, the form the SDK reads back without loss. */
    static String epochSeconds(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3).toPlainString();
    }
}
