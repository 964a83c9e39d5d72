package io.tributary.engine.log.durable;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.DataKeys;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.log.ShardLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard log on disk: a directory of {@link Segment}s, appended on the owner's event loop (writes
 * go to the page cache) and forced to disk off the event loop by a worker.
 *
 * <p>Durability: in {@link Durability#FSYNC} mode an append is acknowledged once an fsync covers it,
 * and readers see only acknowledged records. Group commit: at most one fsync per shard is in flight;
 * appends that arrive meanwhile wait for the next one, which covers them all. In
 * {@link Durability#INTERVAL} mode appends are acknowledged at once and flushed within the interval.
 *
 * <p>Encryption at rest: appends for an encrypted stream are sealed with AES-256-GCM under a data
 * key that the key service makes for the stream's KMS key; each data key serves one run of appends
 * to one segment under one KMS key (a new one after a roll, a key change, a restart or a failed
 * write), and is stored wrapped beside the segment ({@link SegmentKeys}). Reads open sealed records
 * transparently, so plain and sealed records mix freely.
 *
 * <p>Concurrency: not thread-safe. Every method runs on the shard owner's thread, except
 * {@link #storedBytes()}, which reads a volatile the owner writes; the only work handed elsewhere is
 * fsync and file deletion, whose results come back to the owner's context.
 */
public final class DurableShardLog implements ShardLog {
    private static final Logger LOG = LoggerFactory.getLogger(DurableShardLog.class);
    /**
     * Sealed segments checked for a torn tail at start, besides the active one. A segment is sealed
     * when the log rolls, and forced with the next flush; a crash before that flush can tear the
     * segment before the active one. With the default 64 MiB segments and requests of at most
     * 10 MiB, a flush cannot fall more than one roll behind, so checking two keeps start-up
     * independent of how much data the shard holds.
     */
    private static final int RECOVERED_SEALED_SEGMENTS = 2;

    private final Path directory;
    private final String name;
    private final Durability durability;
    private final long segmentBytes;
    private final long flushIntervalMillis;
    private final Vertx vertx;
    private final WorkerExecutor worker;
    private final LongConsumer flushTimes;
    private final DataKeys dataKeys;
    private final RecordCipher cipher = new RecordCipher();

    private final List<Segment> segments;
    private Segment active;
    private long startPosition;
    private long durablePosition;
    private long lastArrivalMillis;
    /**
     * The arrival time of the first record at or after {@link #firstArrivalFrom}, remembered because
     * every read asks for it (retention is applied before each read) and finding it costs a scan of
     * the file; records never change once written, so it holds until the log's start moves.
     */
    private long firstArrivalFrom = -1;
    private long firstArrival;
    /** Bytes of the segment files, published for monitoring. */
    private volatile long storedBytes;

    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final List<Segment> sealedUnforced = new ArrayList<>();
    /** The segments the fsync in flight is forcing; closing one of them would fail that fsync. */
    private List<Segment> forcing = List.of();
    /** Segments that expired while being forced; deleted once the fsync ends. */
    private final List<Segment> expiredWhileForcing = new ArrayList<>();
    private boolean directoryDirty;
    private boolean flushing;
    /** Set when the stream is deleted: a flush scheduled before that has nothing left to force. */
    private boolean destroyed;
    private boolean intervalFlushScheduled;
    /** The data key sealing appends now: for this KMS key, in this segment, at this index; none when null. */
    private String writerKmsKeyArn;
    private Segment writerSegment;
    private int writerKeyRef;
    private SecretKey writerKey;

    private record Waiter(long position, Promise<Void> promise) {
    }

    /**
     * Settings shared by every durable log of a server.
     *
     * @param flushTimes told the duration in nanoseconds of each flush, on the owner's thread
     * @param dataKeys   makes and unwraps the data keys of encrypted streams' records
     */
    public record Settings(Durability durability, long segmentBytes, long flushIntervalMillis, Vertx vertx, WorkerExecutor worker,
                           LongConsumer flushTimes, DataKeys dataKeys) {
        /** Settings for logs that never encrypt. */
        public Settings(Durability durability, long segmentBytes, long flushIntervalMillis, Vertx vertx, WorkerExecutor worker,
                        LongConsumer flushTimes) {
            this(durability, segmentBytes, flushIntervalMillis, vertx, worker, flushTimes, DataKeys.NONE);
        }

        /** Settings whose flush times go unobserved. */
        public Settings(Durability durability, long segmentBytes, long flushIntervalMillis, Vertx vertx, WorkerExecutor worker) {
            this(durability, segmentBytes, flushIntervalMillis, vertx, worker, nanos -> { });
        }
    }

    private DurableShardLog(Path directory, Settings settings, List<Segment> segments, long lastArrivalMillis) {
        this.directory = directory;
        this.name = directory.getParent().getFileName() + "/" + directory.getFileName();
        this.durability = settings.durability();
        this.segmentBytes = settings.segmentBytes();
        this.flushIntervalMillis = settings.flushIntervalMillis();
        this.vertx = settings.vertx();
        this.worker = settings.worker();
        this.flushTimes = settings.flushTimes();
        this.dataKeys = settings.dataKeys();
        this.segments = segments;
        this.active = segments.get(segments.size() - 1);
        this.startPosition = segments.get(0).baseOffset();
        this.durablePosition = active.nextPosition();
        this.lastArrivalMillis = lastArrivalMillis;
        publishStoredBytes();
    }

    /**
     * Opens the log in {@code directory}, creating it if new, recovering it if not. Recovery reads
     * only the names of the segment files and the end of the last segment. Blocking: call it off
     * the event loops, or for a new shard.
     */
    public static DurableShardLog open(Path directory, Settings settings) throws IOException {
        Files.createDirectories(directory);
        List<Long> bases;
        try (Stream<Path> files = Files.list(directory)) {
            bases = files.map(path -> path.getFileName().toString())
                .filter(file -> file.endsWith(Segment.LOG_SUFFIX))
                .map(file -> Long.parseLong(file.substring(0, file.length() - Segment.LOG_SUFFIX.length())))
                .sorted()
                .toList();
        }
        List<Segment> segments = new ArrayList<>();
        if (bases.isEmpty()) {
            segments.add(Segment.create(directory, 0));
            DurableFiles.forceDirectory(directory);
            return new DurableShardLog(directory, settings, segments, -1);
        }
        int firstChecked = Math.max(0, bases.size() - 1 - RECOVERED_SEALED_SEGMENTS);
        for (int i = 0; i < bases.size() - 1; i++) {
            if (i < firstChecked) {
                segments.add(Segment.sealed(directory, bases.get(i), bases.get(i + 1)));
            } else {
                Segment recent = Segment.recoverActive(directory, bases.get(i));
                recent.seal();
                segments.add(recent);
            }
        }
        Segment tail = Segment.recoverActive(directory, bases.get(bases.size() - 1));
        segments.add(tail);
        DurableShardLog log = new DurableShardLog(directory, settings, segments, -1);
        log.lastArrivalMillis = log.findLastArrival();
        return log;
    }

    @Override
    public long startPosition() {
        return startPosition;
    }

    @Override
    public long endPosition() {
        return active.nextPosition();
    }

    @Override
    public long append(List<AppendEntry> entries, long arrivalMillis) {
        return append(entries, arrivalMillis, Optional.empty());
    }

    @Override
    public long append(List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn) {
        boolean sealed = kmsKeyArn.isPresent();
        int count = entries.size();
        byte[][] keys = new byte[count][];
        int[] offsets = new int[count];
        long[] arrivals = new long[count];
        int bytes = 0;
        for (int i = 0; i < count; i++) {
            keys[i] = entries.get(i).partitionKey().getBytes(StandardCharsets.UTF_8);
            offsets[i] = bytes;
            arrivals[i] = arrivalMillis;
            byte[] data = entries.get(i).data();
            bytes += sealed ? RecordFrame.sealedFrameBytes(keys[i], data) : RecordFrame.frameBytes(keys[i], data);
        }
        long first = active.nextPosition();
        long sizeBefore = active.size();
        try {
            if (sizeBefore > 0 && sizeBefore + bytes > segmentBytes) {
                roll();
                sizeBefore = 0;
            }
            if (sealed) {
                useDataKeyOf(kmsKeyArn.get());
                sizeBefore = active.size();
            }
            ByteBuffer frames = ByteBuffer.allocate(bytes);
            for (int i = 0; i < count; i++) {
                byte[] data = entries.get(i).data();
                if (sealed) {
                    cipher.seal(frames, first + i, arrivalMillis, keys[i], data, writerKeyRef, writerKey);
                } else {
                    RecordFrame.write(frames, first + i, arrivalMillis, keys[i], data);
                }
            }
            frames.flip();
            active.append(frames, offsets, arrivals, count);
            storedBytes += bytes;
        } catch (IOException e) {
            writerKey = null;
            undoPartialWrite(sizeBefore);
            LOG.error("Append to shard log {} failed; the write was not acknowledged: {}", name, e.toString());
            throw ErrorCode.INTERNAL_FAILURE.exception(null);
        }
        lastArrivalMillis = arrivalMillis;
        if (durability == Durability.INTERVAL) {
            scheduleIntervalFlush();
        }
        return first;
    }

    /**
     * Makes the writer's data key one of {@code kmsKeyArn} in the active segment, getting and storing
     * a new one unless the current one is that already. A key-service refusal (a KMS error) leaves
     * the log unchanged.
     */
    private void useDataKeyOf(String kmsKeyArn) throws IOException {
        if (writerKey != null && writerSegment == active && kmsKeyArn.equals(writerKmsKeyArn)) {
            return;
        }
        if (active.keys().isFull()) {
            roll();
        }
        DataKeys.DataKey dataKey = dataKeys.newDataKey(kmsKeyArn);
        writerKeyRef = active.keys().add(dataKey);
        writerKey = dataKey.key();
        writerSegment = active;
        writerKmsKeyArn = kmsKeyArn;
        directoryDirty = true;
    }

    @Override
    public Future<Void> whenDurable(long position) {
        if (durability != Durability.FSYNC) {
            return Future.succeededFuture();
        }
        return forcedTo(position);
    }

    @Override
    public Future<Void> force() {
        return forcedTo(endPosition());
    }

    private Future<Void> forcedTo(long position) {
        if (durablePosition >= position) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        waiters.add(new Waiter(position, promise));
        flush();
        return promise.future();
    }

    @Override
    public ReadBatch read(long fromPosition, int maxRecords, long maxBytes) {
        long visibleEnd = visibleEnd();
        long position = Math.max(fromPosition, startPosition);
        List<LogRecord> records = new ArrayList<>();
        long bytes = 0;
        try {
            int segmentIndex = segmentFor(position);
            while (position < visibleEnd && records.size() < maxRecords && segmentIndex < segments.size()) {
                Segment segment = segments.get(segmentIndex);
                FrameScanner scanner = scannerAt(segment, position);
                while (records.size() < maxRecords && scanner.next()) {
                    long framePosition = scanner.position();
                    if (framePosition < position) {
                        continue;
                    }
                    if (framePosition >= visibleEnd) {
                        break;
                    }
                    int size = scanner.recordBytes();
                    if (!records.isEmpty() && bytes + size > maxBytes) {
                        return new ReadBatch(records, position, visibleEnd);
                    }
                    records.add(scanner.sealed()
                        ? cipher.open(scanner, segment.keys().key(scanner.keyRef(), dataKeys, scanner.fileOffset()))
                        : new LogRecord(framePosition, scanner.arrivalMillis(), scanner.partitionKey(), scanner.data()));
                    bytes += size;
                    position = framePosition + 1;
                }
                if (position < segment.nextPosition() && records.size() < maxRecords && position < visibleEnd) {
                    throw new CorruptFrameException(segment.size(), "segment " + segment.baseOffset() + " ends before position " + position);
                }
                segmentIndex++;
                if (position >= segment.nextPosition() && segmentIndex < segments.size()) {
                    // a torn tail cut at recovery leaves positions no one was ever told about: skip them
                    position = Math.max(position, segments.get(segmentIndex).baseOffset());
                }
            }
        } catch (IOException e) {
            LOG.error("Reading shard log {} at position {} failed: {}", name, position, e.toString());
            throw ErrorCode.INTERNAL_FAILURE.exception("The shard's log could not be read at this position.");
        }
        return new ReadBatch(records, position, visibleEnd);
    }

    @Override
    public long positionAt(long timestampMillis) {
        try {
            int low = segmentFor(startPosition);
            int high = segments.size() - 1;
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                Segment segment = segments.get(middle);
                if (!segment.isEmpty() && segment.index().arrival(0) < timestampMillis) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            for (int i = low; i < segments.size(); i++) {
                Segment segment = segments.get(i);
                int entry = segment.index().lastBefore(timestampMillis);
                FrameScanner scanner = new FrameScanner(segment.log(), entry < 0 ? 0 : segment.index().offset(entry), segment.size());
                while (scanner.next()) {
                    if (scanner.arrivalMillis() >= timestampMillis) {
                        return Math.max(startPosition, scanner.position());
                    }
                }
            }
            return endPosition();
        } catch (IOException e) {
            LOG.error("Searching shard log {} by time failed: {}", name, e.toString());
            throw ErrorCode.INTERNAL_FAILURE.exception("The shard's log could not be searched by time.");
        }
    }

    @Override
    public long lastArrivalMillis() {
        return lastArrivalMillis;
    }

    @Override
    public long firstArrivalMillis() {
        if (startPosition >= endPosition()) {
            return -1;
        }
        if (firstArrivalFrom == startPosition) {
            return firstArrival;
        }
        try {
            FrameScanner scanner = scannerAt(segments.get(segmentFor(startPosition)), startPosition);
            while (scanner.next()) {
                if (scanner.position() >= startPosition) {
                    firstArrivalFrom = startPosition;
                    firstArrival = scanner.arrivalMillis();
                    return firstArrival;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hides records below {@code position} and deletes, in the background, segments wholly below it;
     * a segment that the fsync in flight is forcing is deleted when that fsync ends.
     */
    @Override
    public void trimBefore(long position) {
        startPosition = Math.max(startPosition, Math.min(position, endPosition()));
        List<Segment> expired = new ArrayList<>();
        while (segments.size() > 1 && segments.get(0).nextPosition() <= startPosition) {
            expired.add(segments.remove(0));
        }
        sealedUnforced.removeAll(expired);
        List<Segment> beingForced = expired.stream().filter(forcing::contains).toList();
        expired.removeAll(beingForced);
        expiredWhileForcing.addAll(beingForced);
        if (!expired.isEmpty() || !beingForced.isEmpty()) {
            publishStoredBytes();
        }
        deleteInBackground(expired);
    }

    /**
     * Deletes every segment first and then starts the one at {@code position}, each step forced to
     * disk, so that a crash in between leaves an empty log (which the caller's catch-up restarts
     * again), never segments with a gap between them.
     */
    @Override
    public void restartAt(long position) throws IOException {
        if (position <= endPosition()) {
            throw new IllegalArgumentException("a log restarts beyond its end " + endPosition() + ", not at " + position);
        }
        if (flushing) {
            throw new IllegalStateException("shard log " + name + " is being flushed; restart it after the flush");
        }
        for (Segment segment : segments) {
            segment.close();
            Files.deleteIfExists(segment.logPath());
            Files.deleteIfExists(segment.indexPath());
            Files.deleteIfExists(segment.keysPath());
        }
        DurableFiles.forceDirectory(directory);
        segments.clear();
        sealedUnforced.clear();
        expiredWhileForcing.clear();
        writerKey = null;
        active = Segment.create(directory, position);
        segments.add(active);
        DurableFiles.forceDirectory(directory);
        startPosition = position;
        durablePosition = position;
        lastArrivalMillis = -1;
        publishStoredBytes();
        LOG.info("Shard log {} restarted empty at position {}", name, position);
    }

    @Override
    public Future<Void> destroy() {
        destroyed = true;
        List<Segment> all = List.copyOf(segments);
        failWaiters("the stream was deleted");
        return worker.executeBlocking(() -> {
            for (Segment segment : all) {
                segment.close();
            }
            deleteRecursively(directory);
            return null;
        }, false);
    }

    @Override
    public void close() {
        try {
            for (Segment segment : segments) {
                segment.force();
                segment.close();
            }
        } catch (IOException e) {
            LOG.warn("Closing shard log {} failed: {}", name, e.toString());
        }
    }

    @Override
    public long readableEnd() {
        return visibleEnd();
    }

    @Override
    public long storedBytes() {
        return storedBytes;
    }

    private void publishStoredBytes() {
        long bytes = 0;
        for (Segment segment : segments) {
            bytes += segment.size();
        }
        storedBytes = bytes;
    }

    private long visibleEnd() {
        return durability == Durability.FSYNC ? durablePosition : active.nextPosition();
    }

    private void roll() throws IOException {
        active.seal();
        sealedUnforced.add(active);
        active = Segment.create(directory, active.nextPosition());
        segments.add(active);
        directoryDirty = true;
    }

    /** One fsync at a time per shard; when it ends, the next covers every append made meanwhile. */
    private void flush() {
        if (flushing || destroyed) {
            return;
        }
        flushing = true;
        long target = active.nextPosition();
        List<Segment> toForce = new ArrayList<>(sealedUnforced);
        toForce.add(active);
        sealedUnforced.clear();
        boolean forceDirectory = directoryDirty;
        directoryDirty = false;
        forcing = toForce;
        long startNanos = System.nanoTime();
        worker.executeBlocking(() -> {
            for (Segment segment : toForce) {
                segment.force();
            }
            if (forceDirectory) {
                DurableFiles.forceDirectory(directory);
            }
            return null;
        }, false).onComplete(result -> {
            flushing = false;
            forcing = List.of();
            deleteInBackground(List.copyOf(expiredWhileForcing));
            expiredWhileForcing.clear();
            flushTimes.accept(System.nanoTime() - startNanos);
            if (result.succeeded()) {
                durablePosition = Math.max(durablePosition, target);
                while (!waiters.isEmpty() && waiters.peek().position() <= durablePosition) {
                    waiters.poll().promise().complete();
                }
            } else {
                LOG.error("Flushing shard log {} failed; waiting appends are not acknowledged: {}", name, result.cause().toString());
                directoryDirty |= forceDirectory;
                toForce.stream().filter(segment -> segment != active && segments.contains(segment)).forEach(sealedUnforced::add);
                failWaiters("flush failed");
            }
            if (!waiters.isEmpty()) {
                flush();
            }
        });
    }

    private void deleteInBackground(List<Segment> expired) {
        if (expired.isEmpty()) {
            return;
        }
        worker.executeBlocking(() -> {
            for (Segment segment : expired) {
                segment.close();
                Files.deleteIfExists(segment.logPath());
                Files.deleteIfExists(segment.indexPath());
                Files.deleteIfExists(segment.keysPath());
            }
            return null;
        }, false).onFailure(failure -> LOG.warn("Deleting expired segments of {} failed: {}", name, failure.toString()));
    }

    private void scheduleIntervalFlush() {
        if (!intervalFlushScheduled) {
            intervalFlushScheduled = true;
            vertx.setTimer(flushIntervalMillis, timer -> {
                intervalFlushScheduled = false;
                flush();
            });
        }
    }

    private void failWaiters(String reason) {
        while (!waiters.isEmpty()) {
            waiters.poll().promise().fail(ErrorCode.INTERNAL_FAILURE.exception(null));
        }
        LOG.debug("Failed waiting appends of {}: {}", name, reason);
    }

    private void undoPartialWrite(long size) {
        try {
            active.truncateTo(size);
        } catch (IOException e) {
            LOG.error("Could not cut shard log {} back after a failed write: {}", name, e.toString());
        }
        publishStoredBytes();
    }

    /** The index of the segment that holds {@code position}: the last one whose base is at or below it. */
    private int segmentFor(long position) {
        int low = 0;
        int high = segments.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (segments.get(middle).baseOffset() <= position) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    private static FrameScanner scannerAt(Segment segment, long position) throws IOException {
        SparseIndex index = segment.index();
        int entry = index.floorByPosition(position);
        return new FrameScanner(segment.log(), entry < 0 ? 0 : index.offset(entry), segment.size());
    }

    private long findLastArrival() throws IOException {
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment segment = segments.get(i);
            if (segment.isEmpty()) {
                continue;
            }
            FrameScanner scanner = scannerAt(segment, segment.nextPosition() - 1);
            long arrival = -1;
            while (scanner.next()) {
                arrival = scanner.arrivalMillis();
            }
            return arrival;
        }
        return -1;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
