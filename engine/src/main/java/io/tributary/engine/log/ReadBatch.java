package io.tributary.engine.log;

import io.tributary.engine.model.RecordSize;
import java.util.List;

/**
 * The result of one bounded read: the records in position order, the position to read next, and the
 * log's end position at the time of the read (so callers can tell whether they are caught up).
 */
public record ReadBatch(List<LogRecord> records, long nextPosition, long endPosition) {
    public boolean caughtUp() {
        return nextPosition >= endPosition;
    }

    /** Data and partition-key bytes read, which throughput limits count. */
    public long bytes() {
        long bytes = 0;
        for (LogRecord record : records) {
            bytes += RecordSize.of(record.partitionKey(), record.data());
        }
        return bytes;
    }
}
