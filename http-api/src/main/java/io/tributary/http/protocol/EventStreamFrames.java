package io.tributary.http.protocol;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Messages of the {@code application/vnd.amazon.eventstream} encoding that SubscribeToShard answers
 * with (WIRE.md §5.3). Big-endian; both CRCs are CRC-32 (IEEE):
 *
 * <pre>
 *  0              4                8              12                    12+h        end-4     end
 *  +--------------+----------------+--------------+---------------------+-----------+---------+
 *  | total length | headers length | prelude CRC  | headers (h bytes)   | payload   | message |
 *  | u32          | u32 (= h)      | of bytes 0-7 |                     |           | CRC     |
 *  +--------------+----------------+--------------+---------------------+-----------+---------+
 *  header: name length u8 | name UTF-8 | value type u8 (7 = string) | value length u16 | value UTF-8
 * </pre>
 */
public final class EventStreamFrames {
    private static final int PRELUDE_BYTES = 12;
    private static final int CRC_BYTES = 4;
    private static final byte STRING_TYPE = 7;
    private static final String JSON = "application/json";

    private EventStreamFrames() {
    }

    /** An event: {@code :message-type event}, its {@code :event-type}, and a JSON payload. */
    public static Buffer event(String eventType, Buffer jsonPayload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "event");
        headers.put(":event-type", eventType);
        headers.put(":content-type", JSON);
        return message(headers, jsonPayload.getBytes());
    }

    /** A modeled error after the stream began: {@code :message-type exception} with {@code {"message": ...}}. */
    public static Buffer exception(String exceptionType, Buffer jsonPayload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "exception");
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", JSON);
        return message(headers, jsonPayload.getBytes());
    }

    static Buffer message(Map<String, String> headers, byte[] payload) {
        ByteBuffer headerBytes = ByteBuffer.allocate(headersLength(headers));
        headers.forEach((name, value) -> {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            headerBytes.put((byte) nameBytes.length).put(nameBytes).put(STRING_TYPE)
                .putShort((short) valueBytes.length).put(valueBytes);
        });
        int total = PRELUDE_BYTES + headerBytes.capacity() + payload.length + CRC_BYTES;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(headerBytes.capacity());
        message.putInt((int) crc(message.array(), 0, 8));
        message.put(headerBytes.array()).put(payload);
        message.putInt((int) crc(message.array(), 0, total - CRC_BYTES));
        return Buffer.buffer(message.array());
    }

    private static int headersLength(Map<String, String> headers) {
        int length = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            length += 1 + header.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + 2
                + header.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return length;
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
