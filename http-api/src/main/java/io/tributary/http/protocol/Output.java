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
    /** Epoch seconds of a non-negative long with three decimals: at most 16 + 1 + 3 characters. */
    private static final int EPOCH_SECONDS_CHARS = 20;

    private final JsonGenerator generator;
    /** Where JSON timestamps are written as text before they go out; made on first use. */
    private char[] number;

    public Output(JsonGenerator generator) {
        this.generator = generator;
    }

    public Output string(String name, String value) throws IOException {
        generator.writeStringField(name, value);
        return this;
    }

    /** A string member whose text is all of {@code text}, written without making a string of it. */
    public Output string(String name, char[] text) throws IOException {
        generator.writeFieldName(name);
        generator.writeString(text, 0, text.length);
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
        } else if (epochMillis >= 0) {
            writeEpochSeconds(epochMillis);
        } else {
            generator.writeNumber(epochSeconds(epochMillis));
        }
        return this;
    }

    /** As {@link #epochSeconds} writes it, for the times every record carries: digits right to left, no string. */
    private void writeEpochSeconds(long epochMillis) throws IOException {
        if (number == null) {
            number = new char[EPOCH_SECONDS_CHARS];
        }
        int start = number.length;
        long rest = epochMillis;
        for (int i = 0; i < 3; i++) {
            number[--start] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        number[--start] = '.';
        do {
            number[--start] = (char) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        generator.writeNumber(number, start, number.length - start);
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
