package io.tributary.http.protocol;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Header blocks by event type: a stream's events all carry the same headers, so each is encoded once. */
    private static final Map<String, byte[]> EVENT_HEADERS = new ConcurrentHashMap<>();

    private EventStreamFrames() {
    }

    /** An event: {@code :message-type event}, its {@code :event-type}, and a JSON payload. */
    public static Buffer event(String eventType, Buffer jsonPayload) {
        return message(EVENT_HEADERS.computeIfAbsent(eventType, type -> headers(":message-type", "event", ":event-type", type)),
            jsonPayload);
    }

    /** A modeled error after the stream began: {@code :message-type exception} with {@code {"message": ...}}. */
    public static Buffer exception(String exceptionType, Buffer jsonPayload) {
        return message(headers(":message-type", "exception", ":exception-type", exceptionType), jsonPayload);
    }

    /** The header block of a message of the given type: those two headers, then {@code :content-type}. */
    private static byte[] headers(String typeHeader, String type, String detailHeader, String detail) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(typeHeader, type);
        headers.put(detailHeader, detail);
        headers.put(":content-type", JSON);
        ByteBuffer block = ByteBuffer.allocate(headersLength(headers));
        headers.forEach((name, value) -> {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            block.put((byte) nameBytes.length).put(nameBytes).put(STRING_TYPE)
                .putShort((short) valueBytes.length).put(valueBytes);
        });
        return block.array();
    }

    private static Buffer message(byte[] headers, Buffer payload) {
        int total = PRELUDE_BYTES + headers.length + payload.length() + CRC_BYTES;
        byte[] bytes = new byte[total];
        ByteBuffer message = ByteBuffer.wrap(bytes);
        message.putInt(total).putInt(headers.length);
        message.putInt((int) crc(bytes, 0, 8));
        message.put(headers);
        payload.getBytes(0, payload.length(), bytes, message.position());
        message.position(total - CRC_BYTES);
        message.putInt((int) crc(bytes, 0, total - CRC_BYTES));
        return Buffer.buffer(bytes);
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
