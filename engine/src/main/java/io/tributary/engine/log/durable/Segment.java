package io.tributary.engine.log.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of a shard's log: the records from {@link #baseOffset()} on, framed as in
 * {@link RecordFrame}, with its {@link SparseIndex} beside it. Files are named by the base position,
 * zero-padded to 20 digits, so that {@code ls} lists them in log order:
 * {@code 00000000000000000000.log} and {@code 00000000000000000000.index}, and, once it holds a sealed
 * (encrypted) record, {@code 00000000000000000000.keys} with its wrapped data keys ({@link SegmentKeys}).
 *
 * <p>Sealed segments open their files and load their index only when first read, so start-up does
 * not read them at all; an index lost in a crash is rebuilt from the log then.
 *
 * <p>Concurrency: not thread-safe; owned by its shard's owner.
 */
final class Segment {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";

    private final Path directory;
    private final long baseOffset;
    private FileChannel log;
    private FileChannel indexFile;
    private SparseIndex index;
    /** The segment's data keys; loaded on first use for a sealed segment. */
    private SegmentKeys keys;
    /** Bytes of whole frames in the log file. */
    private long size;
    /** Position after the last record; known for the active segment, or from the next segment's base. */
    private long nextPosition;
    private long bytesSinceIndexEntry;

    private Segment(Path directory, long baseOffset, long size, long nextPosition) {
        this.directory = directory;
        this.baseOffset = baseOffset;
        this.size = size;
        this.nextPosition = nextPosition;
    }

    static String fileName(long baseOffset, String suffix) {
        String digits = Long.toString(baseOffset);
        return "0".repeat(20 - digits.length()) + digits + suffix;
    }

    /** Creates the files of a new, empty active segment. */
    static Segment create(Path directory, long baseOffset) throws IOException {
        Segment segment = new Segment(directory, baseOffset, 0, baseOffset);
        segment.log = FileChannel.open(segment.logPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        segment.indexFile = FileChannel.open(segment.indexPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        segment.index = new SparseIndex();
        segment.keys = SegmentKeys.none(segment.keysPath());
        return segment;
    }

    /** A sealed segment whose records end where the next segment begins; its files open on first use. */
    static Segment sealed(Path directory, long baseOffset, long nextSegmentBase) throws IOException {
        return new Segment(directory, baseOffset, Files.size(directory.resolve(fileName(baseOffset, LOG_SUFFIX))), nextSegmentBase);
    }

    /**
     * Opens the last segment of a log after a stop, clean or not: loads its index, checks the frames
     * after the last index entry that names an intact frame, and cuts the file after the last whole frame
     * (a torn tail). Reads at most one index interval plus what was written after the last entry.
     */
    static Segment recoverActive(Path directory, long baseOffset) throws IOException {
        Segment segment = new Segment(directory, baseOffset, 0, baseOffset);
        segment.log = FileChannel.open(segment.logPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        segment.indexFile = FileChannel.open(segment.indexPath(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long fileSize = segment.log.size();
        segment.keys = SegmentKeys.load(segment.keysPath(), true);
        int keyCount = segment.keys.count();
        SparseIndex index = segment.readIndex(fileSize);
        int entry = index.size() - 1;
        long scanFrom = 0;
        while (entry >= 0) {
            scanFrom = index.offset(entry);
            if (describesIntactFrame(segment.log, index, entry, fileSize, keyCount)) {
                break;
            }
            entry--;
        }
        if (entry < 0) {
            scanFrom = 0;
        }
        index.truncate(entry + 1);
        segment.index = index;
        segment.indexFile.truncate((long) index.size() * SparseIndex.ENTRY_BYTES);
        segment.size = scanFrom;
        segment.nextPosition = entry >= 0 ? index.position(entry) : baseOffset;
        segment.bytesSinceIndexEntry = entry >= 0 ? 0 : SparseIndex.INTERVAL_BYTES;
        FrameScanner scanner = new FrameScanner(segment.log, scanFrom, fileSize);
        ByteBuffer newEntries = ByteBuffer.allocate(SparseIndex.ENTRY_BYTES * 64);
        try {
            boolean first = entry >= 0;
            while (scanner.next()) {
                if (scanner.sealed() && scanner.keyRef() >= keyCount) {
                    throw new CorruptFrameException(scanner.fileOffset(), "sealed frame names a data key that was never stored");
                }
                if (!first) {
                    segment.noteFrame(scanner.position(), scanner.arrivalMillis(), (int) scanner.fileOffset(), scanner.frameBytes(), newEntries);
                    if (newEntries.remaining() < SparseIndex.ENTRY_BYTES) {
                        segment.writeIndexEntries(newEntries);
                    }
                } else {
                    segment.bytesSinceIndexEntry += scanner.frameBytes();
                }
                first = false;
                segment.size = scanner.fileOffset() + scanner.frameBytes();
                segment.nextPosition = scanner.position() + 1;
            }
        } catch (CorruptFrameException tornTail) {
            segment.log.truncate(segment.size);
        }
        segment.writeIndexEntries(newEntries);
        if (fileSize > segment.size) {
            segment.log.truncate(segment.size);
        }
        return segment;
    }

    long baseOffset() {
        return baseOffset;
    }

    long nextPosition() {
        return nextPosition;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return nextPosition == baseOffset;
    }

    Path logPath() {
        return directory.resolve(fileName(baseOffset, LOG_SUFFIX));
    }

    Path indexPath() {
        return directory.resolve(fileName(baseOffset, INDEX_SUFFIX));
    }

    Path keysPath() {
        return directory.resolve(fileName(baseOffset, SegmentKeys.SUFFIX));
    }

    /** The segment's data keys, read from its keys file the first time for a sealed segment. */
    SegmentKeys keys() throws IOException {
        if (keys == null) {
            keys = SegmentKeys.load(keysPath(), false);
        }
        return keys;
    }

    /**
     * Writes encoded frames at the end of the file. {@code frames} holds whole frames for
     * {@code positions} starting at {@link #nextPosition()}; offsets of each frame in it are given
     * so that index entries can be made.
     */
    void append(ByteBuffer frames, int[] frameOffsets, long[] arrivals, int count) throws IOException {
        long start = size;
        ByteBuffer entries = ByteBuffer.allocate(SparseIndex.ENTRY_BYTES * Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            int frameEnd = i + 1 < count ? frameOffsets[i + 1] : frames.limit();
            noteFrame(nextPosition + i, arrivals[i], (int) (start + frameOffsets[i]), frameEnd - frameOffsets[i], entries);
            if (entries.remaining() < SparseIndex.ENTRY_BYTES) {
                writeIndexEntries(entries);
            }
        }
        long offset = start;
        while (frames.hasRemaining()) {
            offset += log.write(frames, offset);
        }
        writeIndexEntries(entries);
        size = offset;
        nextPosition += count;
    }

    /** Cuts the log back to {@code bytes}, after a failed write. */
    void truncateTo(long bytes) throws IOException {
        log.truncate(bytes);
    }

    FileChannel log() throws IOException {
        if (log == null) {
            log = FileChannel.open(logPath(), StandardOpenOption.READ);
        }
        return log;
    }

    SparseIndex index() throws IOException {
        if (index == null) {
            if (indexFile == null) {
                indexFile = FileChannel.open(indexPath(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            index = readIndex(size);
            if (index.size() == 0 && size > 0) {
                rebuildIndex();
            }
        }
        return index;
    }

    /** Forces this segment's data and index to disk. Runs off the event loop. */
    void force() throws IOException {
        if (keys != null) {
            keys.force();
        }
        if (log != null) {
            log.force(false);
        }
        if (indexFile != null) {
            indexFile.force(false);
        }
    }

    void close() throws IOException {
        if (keys != null) {
            keys.close();
        }
        if (log != null) {
            log.close();
        }
        if (indexFile != null) {
            indexFile.close();
        }
    }

    /** Seals this segment: it takes no more appends. */
    void seal() {
        bytesSinceIndexEntry = 0;
    }

    private void noteFrame(long position, long arrival, int offset, int frameBytes, ByteBuffer entries) {
        if (bytesSinceIndexEntry >= SparseIndex.INTERVAL_BYTES || offset == 0) {
            index.add(position, arrival, offset);
            SparseIndex.writeEntry(entries, position, arrival, offset);
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += frameBytes;
    }

    private void writeIndexEntries(ByteBuffer entries) throws IOException {
        entries.flip();
        long offset = indexFile.size();
        while (entries.hasRemaining()) {
            offset += indexFile.write(entries, offset);
        }
        entries.clear();
    }

    /**
     * Indexes a sealed segment whose index file was lost, reading the whole segment once, and
     * writes the entries back. Frames after a corrupt one stay unindexed; reads still reach it and fail.
     */
    private void rebuildIndex() throws IOException {
        index = new SparseIndex();
        indexFile.truncate(0);
        bytesSinceIndexEntry = 0;
        ByteBuffer entries = ByteBuffer.allocate(SparseIndex.ENTRY_BYTES * 64);
        FrameScanner scanner = new FrameScanner(log(), 0, size);
        try {
            while (scanner.next()) {
                noteFrame(scanner.position(), scanner.arrivalMillis(), (int) scanner.fileOffset(), scanner.frameBytes(), entries);
                if (entries.remaining() < SparseIndex.ENTRY_BYTES) {
                    writeIndexEntries(entries);
                }
            }
        } catch (CorruptFrameException corrupt) {
            // the entries made so far are right; reads past them meet the corrupt frame themselves
        } finally {
            writeIndexEntries(entries);
            bytesSinceIndexEntry = 0;
        }
    }

    /** The index file's entries that point inside the first {@code logBytes} of the log. */
    private SparseIndex readIndex(long logBytes) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) indexFile.size());
        while (bytes.hasRemaining() && indexFile.read(bytes, bytes.position()) >= 0) {
            // read the whole index file
        }
        SparseIndex all = SparseIndex.read(bytes.flip());
        int keep = 0;
        while (keep < all.size() && all.offset(keep) < logBytes && (keep == 0 || all.position(keep) > all.position(keep - 1))) {
            keep++;
        }
        all.truncate(keep);
        return all;
    }

    /**
     * Whether a whole, intact frame starts at the entry's offset and holds the record the entry
     * names, with its data key stored if it is sealed. An intact frame is not enough: an entry left from before a crash can point at the start
     * of a different record, and reads would then answer one position with another's record.
     */
    private static boolean describesIntactFrame(FileChannel log, SparseIndex index, int entry, long limit, int keyCount)
        throws IOException {
        try {
            FrameScanner scanner = new FrameScanner(log, index.offset(entry), limit);
            return scanner.next() && scanner.position() == index.position(entry) && scanner.arrivalMillis() == index.arrival(entry)
                && (!scanner.sealed() || scanner.keyRef() < keyCount);
        } catch (CorruptFrameException e) {
            return false;
        }
    }
}
