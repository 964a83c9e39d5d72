package io.tributary.engine.log.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads and damages segment files the way a test (or a crash) sees them: as bytes on disk. The
 * frame parser here is written from the diagram in {@link RecordFrame}, independently of
 * {@link FrameScanner}, so that it checks the layout rather than repeating the code under test.
 */
final class SegmentFiles {
    private SegmentFiles() {
    }

    /** One frame as laid out on disk. */
    record Frame(long fileOffset, int length, int crc, long position, long arrivalMillis, byte[] key, byte[] data) {
        int frameBytes() {
            return 8 + length;
        }
    }

    record IndexEntry(long position, long arrivalMillis, int offset) {
    }

    /** File names in the directory in the order {@code ls} prints them. */
    static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    static Path logFile(Path directory, long baseOffset) {
        return directory.resolve(String.format("%020d.log", baseOffset));
    }

    static Path indexFile(Path directory, long baseOffset) {
        return directory.resolve(String.format("%020d.index", baseOffset));
    }

    /** Every whole frame of a segment file from its start; stops at the first partial one. */
    static List<Frame> frames(Path logFile) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(logFile));
        List<Frame> frames = new ArrayList<>();
        while (bytes.remaining() >= 8) {
            int start = bytes.position();
            int length = bytes.getInt(start);
            if (length < 18 || bytes.remaining() < 8 + length) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.duplicate().position(start + 8).limit(start + 8 + length));
            bytes.position(start + 4);
            int storedCrc = bytes.getInt();
            if ((int) crc.getValue() != storedCrc) {
                throw new AssertionError("frame at file offset " + start + " fails its CRC32C");
            }
            long position = bytes.getLong();
            long arrival = bytes.getLong();
            byte[] key = new byte[Short.toUnsignedInt(bytes.getShort())];
            bytes.get(key);
            byte[] data = new byte[length - 18 - key.length];
            bytes.get(data);
            frames.add(new Frame(start, length, storedCrc, position, arrival, key, data));
        }
        return frames;
    }

    static List<IndexEntry> indexEntries(Path indexFile) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(indexFile));
        List<IndexEntry> entries = new ArrayList<>();
        while (bytes.remaining() >= 20) {
            entries.add(new IndexEntry(bytes.getLong(), bytes.getLong(), bytes.getInt()));
        }
        return entries;
    }

    static void truncate(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(bytes);
        }
    }

    static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, offset);
        }
    }
}
