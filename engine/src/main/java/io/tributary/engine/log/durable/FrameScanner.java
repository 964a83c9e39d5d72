package io.tributary.engine.log.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the frames of a segment file from a starting offset up to a limit, reading the file in
 * chunks and checking each frame's length and CRC before exposing it. It stops cleanly at the limit,
 * and throws {@link CorruptFrameException} at the first frame that is not whole and intact.
 *
 * <p>Concurrency: not thread-safe; one scan at a time, on the shard owner's thread (or the recovery
 * thread before the shard is served).
 */
final class FrameScanner {
    private static final int CHUNK_BYTES = 256 * 1024;

    private final FileChannel channel;
    private final long limit;
    private ByteBuffer buffer;
    /** File offset of buffer index 0. */
    private long bufferOffset;
    /** Buffer index where the current frame starts; -1 before the first {@link #next()}. */
    private int frame = -1;
    private int frameBytes;

    FrameScanner(FileChannel channel, long start, long limit) {
        this.channel = channel;
        this.limit = limit;
        this.buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(RecordFrame.HEADER_BYTES, limit - start)));
        this.buffer.limit(0);
        this.bufferOffset = start;
    }

    /** Moves to the next frame; false at the limit. */
    boolean next() throws IOException {
        int start = frame < 0 ? 0 : frame + frameBytes;
        long fileOffset = bufferOffset + start;
        if (fileOffset >= limit) {
            return false;
        }
        if (limit - fileOffset < RecordFrame.HEADER_BYTES) {
            throw new CorruptFrameException(fileOffset, "frame header cut short");
        }
        start = ensure(start, RecordFrame.HEADER_BYTES);
        int bodyLength = buffer.getInt(start + RecordFrame.LENGTH_OFFSET);
        int flagsAndKeyLength = Short.toUnsignedInt(buffer.getShort(start + RecordFrame.KEY_LENGTH_OFFSET));
        if (bodyLength < RecordFrame.minimumBodyLength(flagsAndKeyLength) || fileOffset + RecordFrame.PREFIX_BYTES + bodyLength > limit) {
            throw new CorruptFrameException(fileOffset, "frame length " + bodyLength + " impossible");
        }
        int total = RecordFrame.PREFIX_BYTES + bodyLength;
        start = ensure(start, total);
        if (RecordFrame.crc(buffer, start + RecordFrame.POSITION_OFFSET, bodyLength) != buffer.getInt(start + RecordFrame.CRC_OFFSET)) {
            throw new CorruptFrameException(fileOffset, "frame checksum mismatch");
        }
        frame = start;
        frameBytes = total;
        return true;
    }

    long fileOffset() {
        return bufferOffset + frame;
    }

    int frameBytes() {
        return frameBytes;
    }

    long position() {
        return buffer.getLong(frame + RecordFrame.POSITION_OFFSET);
    }

    long arrivalMillis() {
        return buffer.getLong(frame + RecordFrame.ARRIVAL_OFFSET);
    }

    /** Whether the current frame is sealed (encrypted); its key and data are then read through a {@link RecordCipher}. */
    boolean sealed() {
        return RecordFrame.isSealed(buffer, frame);
    }

    /** The current sealed frame's data key, as an index among its segment's {@link SegmentKeys}. */
    int keyRef() {
        return Short.toUnsignedInt(buffer.getShort(frame + RecordFrame.KEY_REF_OFFSET));
    }

    /** Bytes of partition key and data the current frame holds, as reads count them. */
    int recordBytes() {
        return sealed() ? frameBytes - RecordFrame.SEALED_HEADER_BYTES - RecordFrame.TAG_BYTES : frameBytes - RecordFrame.HEADER_BYTES;
    }

    /** The buffer holding the current frame, from {@link #frameStart()}; for {@link RecordCipher}, not to be kept. */
    ByteBuffer buffer() {
        return buffer;
    }

    int frameStart() {
        return frame;
    }

    /** The partition key of the current plain frame. */
    String partitionKey() {
        return RecordFrame.decodeKey(buffer, frame);
    }

    /** The data of the current plain frame. */
    byte[] data() {
        int keyLength = RecordFrame.keyLength(buffer, frame);
        int dataLength = frameBytes - RecordFrame.HEADER_BYTES - keyLength;
        byte[] data = new byte[dataLength];
        buffer.get(frame + RecordFrame.HEADER_BYTES + keyLength, data);
        return data;
    }

    /**
     * Makes {@code bytes} bytes from buffer index {@code start} available, reading more of the file
     * (and growing the buffer for a large frame) as needed; returns the new index of {@code start}.
     */
    private int ensure(int start, int bytes) throws IOException {
        if (buffer.limit() - start >= bytes) {
            return start;
        }
        long fileOffset = bufferOffset + start;
        int capacity = Math.max(buffer.capacity(), bytes);
        ByteBuffer next = capacity == buffer.capacity() ? buffer : ByteBuffer.allocate(capacity);
        int kept = buffer.limit() - start;
        if (next == buffer) {
            buffer.position(start).compact();
        } else {
            next.put(buffer.position(start));
        }
        buffer = next;
        bufferOffset = fileOffset;
        int wanted = (int) Math.min(buffer.capacity() - kept, limit - (fileOffset + kept));
        buffer.limit(kept + wanted).position(kept);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, bufferOffset + buffer.position()) < 0) {
                throw new CorruptFrameException(bufferOffset + buffer.position(), "file ends early");
            }
        }
        buffer.position(0);
        if (frame >= 0) {
            frame = -1;
            frameBytes = 0;
        }
        return 0;
    }
}
