package io.tributary.engine.log.durable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one record in a segment file. Big-endian:
 *
 * <pre>
 *  0          4          8                  16                 24         26              26+k
 *  +----------+----------+------------------+------------------+----------+---------------+------------+
 *  | length   | crc32c   | position         | arrival millis   | key len  | partition key | data       |
 *  | u32      | u32      | i64              | i64              | u16 (=k) | UTF-8, k bytes| length-18-k|
 *  +----------+----------+------------------+------------------+----------+---------------+------------+
 *             |<------------------------- length bytes, covered by the CRC ------------------------->|
 * </pre>
 *
 * {@code length} counts the bytes after the CRC field; the CRC (Castagnoli) covers exactly those
 * bytes. A frame whose length field is zero, runs past the end of the file, or fails its CRC ends
 * the readable part of a segment.
 */
public final class RecordFrame {
    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int POSITION_OFFSET = 8;
    public static final int ARRIVAL_OFFSET = 16;
    public static final int KEY_LENGTH_OFFSET = 24;
    public static final int HEADER_BYTES = 26;
    /** Bytes of the frame before the CRC-covered body: the length and the CRC. */
    public static final int PREFIX_BYTES = 8;
    /** Fixed part of the CRC-covered body: position, arrival, key length. */
    public static final int BODY_FIXED_BYTES = HEADER_BYTES - PREFIX_BYTES;

    private RecordFrame() {
    }

    public static int frameBytes(byte[] partitionKey, byte[] data) {
        return HEADER_BYTES + partitionKey.length + data.length;
    }

    /** Writes one frame at the buffer's position and advances it. */
    public static void write(ByteBuffer buffer, long position, long arrivalMillis, byte[] partitionKey, byte[] data) {
        int start = buffer.position();
        int bodyLength = BODY_FIXED_BYTES + partitionKey.length + data.length;
        buffer.putInt(bodyLength)
            .putInt(0)
            .putLong(position)
            .putLong(arrivalMillis)
            .putShort((short) partitionKey.length)
            .put(partitionKey)
            .put(data);
        buffer.putInt(start + CRC_OFFSET, crc(buffer, start + POSITION_OFFSET, bodyLength));
    }

    /** The CRC32C of {@code length} bytes of the buffer from {@code offset}, without moving its position. */
    public static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(offset).limit(offset + length));
        return (int) crc.getValue();
    }

    public static String decodeKey(ByteBuffer buffer, int frameStart) {
        int keyLength = Short.toUnsignedInt(buffer.getShort(frameStart + KEY_LENGTH_OFFSET));
        byte[] key = new byte[keyLength];
        buffer.get(frameStart + HEADER_BYTES, key);
        return new String(key, StandardCharsets.UTF_8);
    }
}
