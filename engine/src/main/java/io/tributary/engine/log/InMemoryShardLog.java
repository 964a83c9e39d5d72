package io.tributary.engine.log;

import io.tributary.engine.model.RecordSize;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shard log held in memory: records in fixed-size chunks, so that trimming drops whole chunks and
 * reading by position is two array lookups. This is the {@code memory} durability mode.
 *
 * <p>Concurrency: not thread-safe; used only on its shard owner's thread.
 */
public final class InMemoryShardLog implements ShardLog {
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    /** chunks.get(i) holds positions [(firstChunk + i) * CHUNK_SIZE, ... + CHUNK_SIZE). */
    private final List<LogRecord[]> chunks = new ArrayList<>();
    private long firstChunk;
    private long startPosition;
    private long endPosition;

    @Override
    public long startPosition() {
        return startPosition;
    }

    @Override
    public long endPosition() {
        return endPosition;
    }

    @Override
    public long readableEnd() {
        return endPosition;
    }

    @Override
    public long append(List<AppendEntry> entries, long arrivalMillis) {
        return append(entries, arrivalMillis, Optional.empty());
    }

    /**
     * Records of an encrypted stream are marked so, and kept in plaintext: memory holds nothing at
     * rest, so there is nothing to encrypt.
     */
    @Override
    public long append(List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn) {
        boolean encrypted = kmsKeyArn.isPresent();
        long first = endPosition;
        for (AppendEntry entry : entries) {
            int offset = (int) (endPosition & CHUNK_MASK);
            if (offset == 0) {
                chunks.add(new LogRecord[CHUNK_SIZE]);
            }
            chunks.get(chunks.size() - 1)[offset] =
                new LogRecord(endPosition, arrivalMillis, entry.partitionKey(), entry.data(), encrypted);
            endPosition++;
        }
        return first;
    }

    @Override
    public Future<Void> whenDurable(long position) {
        return Future.succeededFuture();
    }

    @Override
    public ReadBatch read(long fromPosition, int maxRecords, long maxBytes) {
        long position = Math.max(fromPosition, startPosition);
        List<LogRecord> records = new ArrayList<>(Math.min(maxRecords, (int) Math.max(0, Math.min(256, endPosition - position))));
        long bytes = 0;
        while (position < endPosition && records.size() < maxRecords) {
            LogRecord record = recordAt(position);
            long size = RecordSize.of(record.partitionKey(), record.data());
            if (!records.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            records.add(record);
            bytes += size;
            position++;
        }
        return new ReadBatch(records, position, endPosition);
    }

    @Override
    public long positionAt(long timestampMillis) {
        long low = startPosition;
        long high = endPosition;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (recordAt(middle).arrivalMillis() < timestampMillis) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    @Override
    public long lastArrivalMillis() {
        return endPosition == startPosition ? -1 : recordAt(endPosition - 1).arrivalMillis();
    }

    @Override
    public long firstArrivalMillis() {
        return endPosition == startPosition ? -1 : recordAt(startPosition).arrivalMillis();
    }

    @Override
    public Future<Void> destroy() {
        chunks.clear();
        startPosition = endPosition;
        return Future.succeededFuture();
    }

    @Override
    public void close() {
        chunks.clear();
    }

    /** Hides records below {@code position} at once and frees their memory a whole chunk at a time. */
    @Override
    public void trimBefore(long position) {
        long target = Math.min(position, endPosition);
        while (!chunks.isEmpty() && (firstChunk + 1) * CHUNK_SIZE <= target) {
            chunks.remove(0);
            firstChunk++;
        }
        startPosition = Math.max(startPosition, target);
    }

    @Override
    public void restartAt(long position) {
        if (position <= endPosition) {
            throw new IllegalArgumentException("a log restarts beyond its end " + endPosition + ", not at " + position);
        }
        chunks.clear();
        firstChunk = position >>> CHUNK_SHIFT;
        if ((position & CHUNK_MASK) != 0) {
            chunks.add(new LogRecord[CHUNK_SIZE]);
        }
        startPosition = position;
        endPosition = position;
    }

    private LogRecord recordAt(long position) {
        return chunks.get((int) ((position >>> CHUNK_SHIFT) - firstChunk))[(int) (position & CHUNK_MASK)];
    }
}
