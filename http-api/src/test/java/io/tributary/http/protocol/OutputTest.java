package io.tributary.http.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.tributary.engine.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What response bodies look like on the wire in each encoding (WIRE.md §2.3, §3.2): the two types
 * the encodings disagree on, timestamps and blobs, and the error body.
 */
class OutputTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
        "1700000000123, 1700000000.123",
        "1700000000005, 1700000000.005",
        "1700000000050, 1700000000.050",
        "1700000000000, 1700000000.000",
        "999, 0.999",
        "0, 0.000",
        "-1, -0.001",
        "-1500, -1.500"})
    void shouldWriteJsonTimestampsAsEpochSecondsWithExactlyThreeDecimals(long millis, String seconds) {
        String body = json(out -> out.timestamp("ApproximateArrivalTimestamp", millis));
        assertEquals("{\"ApproximateArrivalTimestamp\":" + seconds + "}", body);
    }

    @Test
    void shouldWriteCborTimestampsAsTagOneWithIntegerEpochMillis() {
        byte[] body = cbor(out -> out.timestamp("T", 1700000000123L));
        // map, key "T", tag 1, unsigned 64-bit integer 1700000000123, end of map
        assertEquals("bf6154" + "c11b0000018bcfe5687b" + "ff", HEX.formatHex(body));
    }

    @Test
    void shouldWriteCborTimestampsThatAJacksonParserReadsAsTaggedMillis() throws IOException {
        byte[] body = cbor(out -> out.timestamp("StreamCreationTimestamp", 1700000000005L).timestamp("Zero", 0));
        try (CBORParser parser = new CBORFactory().createParser(body)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            assertEquals("StreamCreationTimestamp", parser.nextFieldName());
            assertEquals(JsonToken.VALUE_NUMBER_INT, parser.nextToken());
            assertEquals(1, parser.getCurrentTag());
            assertEquals(1700000000005L, parser.getLongValue());
            assertEquals("Zero", parser.nextFieldName());
            assertEquals(JsonToken.VALUE_NUMBER_INT, parser.nextToken());
            assertEquals(1, parser.getCurrentTag());
            assertEquals(0L, parser.getLongValue());
            assertEquals(JsonToken.END_OBJECT, parser.nextToken());
        }
    }

    @Test
    void shouldWriteJsonBlobsAsStandardBase64() {
        byte[] data = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf};
        assertEquals("{\"Data\":\"aGVsbG8=\"}", json(out -> out.blob("Data", "hello".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("{\"Data\":\"+/+/\"}", json(out -> out.blob("Data", data)));
        assertEquals("{\"Data\":\"\"}", json(out -> out.blob("Data", new byte[0])));
    }

    @Test
    void shouldWriteCborBlobsAsByteStrings() {
        byte[] body = cbor(out -> out.blob("Data", "hello".getBytes(StandardCharsets.US_ASCII)));
        // key "Data", then major type 2 (byte string) of length 5
        assertEquals("bf6444617461" + "4568656c6c6f" + "ff", HEX.formatHex(body));

        byte[] empty = cbor(out -> out.blob("Data", new byte[0]));
        assertEquals("bf6444617461" + "40" + "ff", HEX.formatHex(empty));
    }

    @Test
    void shouldWriteCborBlobsThatReadBackAsTheSameBytes() throws IOException {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        JsonNode body = new CBORMapper().readTree(cbor(out -> out.blob("Data", data)));
        assertArrayEquals(data, body.get("Data").binaryValue());
    }

    @Test
    void shouldWriteNothingForAnOperationWithoutOutput() {
        assertEquals(0, Bodies.encode(Encoding.JSON, Reply.EMPTY).length());
        assertEquals(0, Bodies.encode(Encoding.CBOR, Reply.EMPTY).length());
    }

    @Test
    void shouldWriteStringsNumbersAndBooleansAsThemselves() {
        String body = json(out -> out.string("ShardId", "shardId-000000000000").number("MillisBehindLatest", 0)
            .bool("HasMoreStreams", false).startArray("StreamNames").stringValue("a").endArray());
        assertEquals("{\"ShardId\":\"shardId-000000000000\",\"MillisBehindLatest\":0,\"HasMoreStreams\":false,"
            + "\"StreamNames\":[\"a\"]}", body);
    }

    @Test
    void shouldWriteAnErrorWithItsTypeAndMessage() throws IOException {
        var error = ErrorCode.RESOURCE_NOT_FOUND.exception("Stream s under account 000000000000 not found.");
        assertEquals("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream s under account 000000000000 not found.\"}",
            Bodies.encodeError(Encoding.JSON, error).toString(StandardCharsets.UTF_8));

        JsonNode cbor = new CBORMapper().readTree(Bodies.encodeError(Encoding.CBOR, error).getBytes());
        assertEquals("ResourceNotFoundException", cbor.get("__type").textValue());
        assertEquals("Stream s under account 000000000000 not found.", cbor.get("message").textValue());
    }

    @Test
    void shouldWriteASerializationExceptionsTextUnderACapitalMessage() throws IOException {
        var error = ErrorCode.SERIALIZATION.exception("class java.lang.Boolean can not be converted to an String");
        assertEquals("{\"__type\":\"SerializationException\",\"Message\":\"class java.lang.Boolean can not be converted to an String\"}",
            Bodies.encodeError(Encoding.JSON, error).toString(StandardCharsets.UTF_8));

        JsonNode cbor = new CBORMapper().readTree(Bodies.encodeError(Encoding.CBOR, error).getBytes());
        assertEquals("class java.lang.Boolean can not be converted to an String", cbor.get("Message").textValue());
        assertNull(cbor.get("message"));
    }

    @Test
    void shouldWriteAnErrorWithoutMessageAsItsTypeAlone() throws IOException {
        var error = ErrorCode.SERIALIZATION.exception(null);
        assertEquals("{\"__type\":\"SerializationException\"}", Bodies.encodeError(Encoding.JSON, error).toString(StandardCharsets.UTF_8));

        JsonNode cbor = new CBORMapper().readTree(Bodies.encodeError(Encoding.CBOR, error).getBytes());
        assertEquals(1, cbor.size());
        assertNull(cbor.get("message"));
    }

    private static String json(Reply reply) {
        return Bodies.encode(Encoding.JSON, reply).toString(StandardCharsets.UTF_8);
    }

    private static byte[] cbor(Reply reply) {
        return Bodies.encode(Encoding.CBOR, reply).getBytes();
    }
}
