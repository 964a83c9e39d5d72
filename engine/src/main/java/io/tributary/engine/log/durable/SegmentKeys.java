package io.tributary.engine.log.durable;

import io.tributary.engine.log.DataKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import javax.crypto.SecretKey;

/**
 * The data keys of one segment's sealed records, in the file {@code <base>.keys} beside its log
 * (envelope encryption: each data key is stored wrapped by the stream's KMS key, never in clear).
 * A sealed frame names its key by index ({@link RecordFrame#KEY_REF_OFFSET}). The file exists only
 * once a segment holds a sealed record. Entries, appended one per data key:
 *
 * <pre>
 *  0          2          6
 *  +----------+----------+-----------------------------+
 *  | length n | crc32c   | wrapped data key (n bytes)  |
 *  | u16      | u32      | as the key service made it  |
 *  +----------+----------+-----------------------------+
 * </pre>
 *
 * An entry cut short or failing its CRC ends the file (a torn tail): recovery cuts it off, and
 * frames naming a key past the end are torn too, since an entry is written before any frame that
 * names it and forced before the log. Keys are unwrapped by the key service on first use and kept
 * in memory while the segment is open.
 *
 * <p>Concurrency: not thread-safe; owned by its shard's owner, except {@link #force()}, which the
 * flush runs on a worker while the owner may append (file channels allow that).
 */
final class SegmentKeys {
    static final String SUFFIX = ".keys";
    static final int ENTRY_HEADER_BYTES = 6;
    static final int MAX_KEYS = 0xFFFF;

    private final Path path;
    private final List<byte[]> wrapped = new ArrayList<>();
    private final List<SecretKey> unwrapped = new ArrayList<>();
    private FileChannel channel;
    private long size;

    private SegmentKeys(Path path) {
        this.path = path;
    }

    /**
     * The keys stored at {@code path}, none if there is no file. {@code repair} cuts a torn last
     * entry off the file (recovery of the active segment); otherwise it is only ignored.
     */
    static SegmentKeys load(Path path, boolean repair) throws IOException {
        SegmentKeys keys = new SegmentKeys(path);
        if (!Files.exists(path)) {
            return keys;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path));
        while (bytes.remaining() >= ENTRY_HEADER_BYTES) {
            int start = bytes.position();
            int length = Short.toUnsignedInt(bytes.getShort(start));
            int crc = bytes.getInt(start + 2);
            if (length == 0 || bytes.remaining() < ENTRY_HEADER_BYTES + length) {
                break;
            }
            byte[] entry = new byte[length];
            bytes.get(start + ENTRY_HEADER_BYTES, entry);
            if (crc(entry) != crc) {
                break;
            }
            keys.wrapped.add(entry);
            keys.unwrapped.add(null);
            bytes.position(start + ENTRY_HEADER_BYTES + length);
        }
        keys.size = bytes.position();
        if (repair && keys.size < bytes.limit()) {
            try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
                file.truncate(keys.size);
            }
        }
        return keys;
    }

    /** No keys, for a new segment; the file is made with the first key. */
    static SegmentKeys none(Path path) {
        return new SegmentKeys(path);
    }

    int count() {
        return wrapped.size();
    }

    boolean isFull() {
        return wrapped.size() >= MAX_KEYS;
    }

    Path path() {
        return path;
    }

    /** Stores a new data key and answers its index. Writes to the page cache; {@link #force()} makes it durable. */
    int add(DataKeys.DataKey key) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        byte[] blob = key.wrapped();
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_HEADER_BYTES + blob.length)
            .putShort((short) blob.length).putInt(crc(blob)).put(blob).flip();
        long offset = size;
        while (entry.hasRemaining()) {
            offset += channel.write(entry, offset);
        }
        size = offset;
        wrapped.add(blob);
        unwrapped.add(key.key());
        return wrapped.size() - 1;
    }

    /**
     * The data key at {@code ref}, unwrapped by {@code dataKeys} the first time.
     *
     * @throws CorruptFrameException when the segment holds no such key
     */
    SecretKey key(int ref, DataKeys dataKeys, long fileOffset) throws CorruptFrameException {
        if (ref >= wrapped.size()) {
            throw new CorruptFrameException(fileOffset, "sealed frame names data key " + ref + " of " + wrapped.size());
        }
        SecretKey key = unwrapped.get(ref);
        if (key == null) {
            key = dataKeys.unwrap(wrapped.get(ref));
            unwrapped.set(ref, key);
        }
        return key;
    }

    void force() throws IOException {
        if (channel != null) {
            channel.force(false);
        }
    }

    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
