package io.tributary.engine.log.durable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one record in a segment file. Big-endian. A plain record:
 *
 * <pre>
 *  0          4          8                  16                 24         26              26+k
 *  +----------+----------+------------------+------------------+----------+---------------+------------+
 *  | length   | crc32c   | position         | arrival millis   | flags|k  | partition key | data       |
 *  | u32      | u32      | i64              | i64              | u16      | UTF-8, k bytes| length-18-k|
 *  +----------+----------+------------------+------------------+----------+---------------+------------+
 *             |<------------------------- length bytes, covered by the CRC ------------------------->|
 * </pre>
 *
 * A sealed (encrypted) record, written while its stream is encrypted:
 *
 * <pre>
 *  0          4          8                  16                 24         26         28
 *  +----------+----------+------------------+------------------+----------+----------+---------------------------------+---------+
 *  | length   | crc32c   | position         | arrival millis   | flags|k  | key ref  | AES-GCM(partition key ‖ data)   | GCM tag |
 *  | u32      | u32      | i64              | i64              | u16      | u16      | k + d bytes                     | 16 bytes|
 *  +----------+----------+------------------+------------------+----------+----------+---------------------------------+---------+
 *                        |<------------ additional authenticated data, 20 bytes ------>|
 *             |<----------------------------------- length bytes, covered by the CRC -------------------------------------------->|
 * </pre>
 *
 * The u16 at 24 holds the flags in its top bit ({@link #SEALED_FLAG}) and the partition key's byte
 * length {@code k} in its low 15 bits (a partition key is at most 256 characters, 1,024 UTF-8
 * bytes). {@code key ref} indexes the segment's data keys ({@link SegmentKeys}); the GCM nonce is
 * not stored: it is four zero bytes and the position, unique under one data key because a data key
 * serves one run of appends to one segment, whose positions only grow. A record thus says itself
 * whether it is encrypted and under which key, so plain and sealed records mix in one segment.
 *
 * <p>{@code length} counts the bytes after the CRC field; the CRC (Castagnoli) covers exactly those
 * bytes, ciphertext included, so recovery checks sealed frames without their keys. A frame whose
 * length field is zero, runs past the end of the file, or fails its CRC ends the readable part of a
 * segment.
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
    /** Top bit of the u16 at {@link #KEY_LENGTH_OFFSET}: the record is sealed. */
    public static final int SEALED_FLAG = 0x8000;
    public static final int KEY_LENGTH_MASK = 0x7FFF;
    /** In a sealed frame: the index of its data key among the segment's. */
    public static final int KEY_REF_OFFSET = 26;
    public static final int SEALED_HEADER_BYTES = 28;
    public static final int TAG_BYTES = 16;
    public static final int NONCE_BYTES = 12;
    /** The header bytes a sealed frame authenticates: position, arrival, flags and key length, key ref. */
    public static final int AAD_OFFSET = POSITION_OFFSET;
    public static final int AAD_BYTES = SEALED_HEADER_BYTES - POSITION_OFFSET;

    private RecordFrame() {
    }

    public static int frameBytes(byte[] partitionKey, byte[] data) {
        return HEADER_BYTES + partitionKey.length + data.length;
    }

    public static int sealedFrameBytes(byte[] partitionKey, byte[] data) {
        return SEALED_HEADER_BYTES + partitionKey.length + data.length + TAG_BYTES;
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

    /**
     * Writes the header of a sealed frame at the buffer's position and advances it past the header;
     * the caller then writes the ciphertext and tag and calls {@link #finishSealed}.
     */
    static void writeSealedHeader(ByteBuffer buffer, long position, long arrivalMillis, int keyLength, int dataLength, int keyRef) {
        int bodyLength = SEALED_HEADER_BYTES - PREFIX_BYTES + keyLength + dataLength + TAG_BYTES;
        buffer.putInt(bodyLength)
            .putInt(0)
            .putLong(position)
            .putLong(arrivalMillis)
            .putShort((short) (SEALED_FLAG | keyLength))
            .putShort((short) keyRef);
    }

    /** Fills in the CRC of the sealed frame that starts at {@code start}, once its ciphertext is written. */
    static void finishSealed(ByteBuffer buffer, int start) {
        int bodyLength = buffer.getInt(start + LENGTH_OFFSET);
        buffer.putInt(start + CRC_OFFSET, crc(buffer, start + POSITION_OFFSET, bodyLength));
    }

    /** The CRC32C of {@code length} bytes of the buffer from {@code offset}, without moving its position. */
    public static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(offset).limit(offset + length));
        return (int) crc.getValue();
    }

    static boolean isSealed(ByteBuffer buffer, int frameStart) {
        return (buffer.getShort(frameStart + KEY_LENGTH_OFFSET) & SEALED_FLAG) != 0;
    }

    static int keyLength(ByteBuffer buffer, int frameStart) {
        return buffer.getShort(frameStart + KEY_LENGTH_OFFSET) & KEY_LENGTH_MASK;
    }

    /** The smallest body a frame with this flags-and-key-length field can have. */
    static int minimumBodyLength(int flagsAndKeyLength) {
        int keyLength = flagsAndKeyLength & KEY_LENGTH_MASK;
        return (flagsAndKeyLength & SEALED_FLAG) != 0
            ? SEALED_HEADER_BYTES - PREFIX_BYTES + keyLength + TAG_BYTES
            : BODY_FIXED_BYTES + keyLength;
    }

    /** Writes the GCM nonce of the record at {@code position} into {@code nonce} (12 bytes). */
    static void nonce(long position, byte[] nonce) {
        nonce[0] = 0;
        nonce[1] = 0;
        nonce[2] = 0;
        nonce[3] = 0;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (position >>> (56 - 8 * i));
        }
    }

    public static String decodeKey(ByteBuffer buffer, int frameStart) {
        int keyLength = keyLength(buffer, frameStart);
        byte[] key = new byte[keyLength];
        buffer.get(frameStart + HEADER_BYTES, key);
        return new String(key, StandardCharsets.UTF_8);
    }
}
