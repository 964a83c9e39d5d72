package io.tributary.engine.log.durable;

import static io.tributary.engine.log.durable.TestRecords.FRAME_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.durable.SegmentFiles.IndexEntry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The active segment's sparse index is rebuilt or repaired from the log file at start-up when it is
 * missing, cut short, or ends in an entry that does not describe the log. The log here is one
 * segment of 300 records (60,000 bytes), so its index has an entry about every 4 KiB; records
 * arrive three at a time, batch {@code b} at {@code 1000 + b}.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogIndexRecoveryTest {
    private static final int RECORDS = 300;

    @TempDir
    Path root;
    private ShardLogFixture log;
    private Path indexFile;
    private byte[] originalIndex;
    private List<IndexEntry> originalEntries;

    @BeforeEach
    void appendAndStop(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 1024 * 1024);
        log.appendBatches(RECORDS, 3, 1000);
        log.closeLog();
        indexFile = SegmentFiles.indexFile(log.directory, 0);
        originalIndex = Files.readAllBytes(indexFile);
        originalEntries = SegmentFiles.indexEntries(indexFile);
        assertTrue(originalEntries.size() >= 10, "the log spans many index intervals");
        assertEquals(new IndexEntry(0, 1000, 0), originalEntries.get(0));
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void shouldRebuildADeletedIndexEntryForEntry() throws IOException {
        Files.delete(indexFile);

        log.reopen();

        assertEveryRecordIsFoundByPositionAndByTime();
        assertArrayEquals(originalIndex, Files.readAllBytes(indexFile));
    }

    @Test
    void shouldRebuildAnIndexCutInTheMiddleOfAnEntry() throws IOException {
        SegmentFiles.truncate(indexFile, 2L * SparseIndex.ENTRY_BYTES + 7);

        log.reopen();

        assertEveryRecordIsFoundByPositionAndByTime();
        assertArrayEquals(originalIndex, Files.readAllBytes(indexFile));
    }

    @Test
    void shouldDropALastEntryPointingPastTheEndOfTheLog() throws IOException {
        IndexEntry last = originalEntries.get(originalEntries.size() - 1);
        appendEntry(last.position() + 1, last.arrivalMillis(), (int) (RECORDS * FRAME_BYTES + 4096));

        log.reopen();

        assertEveryRecordIsFoundByPositionAndByTime();
        assertArrayEquals(originalIndex, Files.readAllBytes(indexFile));
    }

    @Test
    void shouldDropALastEntryPointingIntoTheMiddleOfAFrame() throws IOException {
        IndexEntry last = originalEntries.get(originalEntries.size() - 1);
        appendEntry(last.position() + 1, last.arrivalMillis(), last.offset() + FRAME_BYTES + 57);

        log.reopen();

        assertEveryRecordIsFoundByPositionAndByTime();
        assertArrayEquals(originalIndex, Files.readAllBytes(indexFile));
    }

    @Test
    void shouldDropALastEntryWhosePositionIsNotThatOfTheFrameItPointsTo() throws IOException {
        IndexEntry last = originalEntries.get(originalEntries.size() - 1);
        long claimed = last.position() + 1;
        long actual = last.position() + 5;
        appendEntry(claimed, log.arrivalOf(claimed), (int) (actual * FRAME_BYTES));

        log.reopen();

        assertEveryRecordIsFoundByPositionAndByTime();
        assertArrayEquals(originalIndex, Files.readAllBytes(indexFile));
    }

    @Test
    void shouldKeepIndexingAppendsAfterARebuild() throws IOException {
        Files.delete(indexFile);
        log.reopen();

        log.appendBatches(150, 3, 2000);

        assertEquals(450, (long) log.call(DurableShardLog::endPosition));
        assertEveryRecordIsFoundByPositionAndByTime();
        List<IndexEntry> entries = SegmentFiles.indexEntries(indexFile);
        assertEquals(originalEntries, entries.subList(0, originalEntries.size()));
        assertTrue(entries.size() > originalEntries.size(), "the new records are indexed");
    }

    @Test
    void shouldRebuildTheLostIndexOfASealedSegmentWhenItIsFirstRead(Vertx vertx, @TempDir Path otherRoot) throws IOException {
        try (ShardLogFixture segmented = ShardLogFixture.open(vertx, otherRoot, Durability.FSYNC, 4096)) {
            segmented.appendBatches(100, 4, 1000);
            segmented.closeLog();
            Path sealedIndex = SegmentFiles.indexFile(segmented.directory, 40);
            byte[] original = Files.readAllBytes(sealedIndex);
            Files.delete(sealedIndex);

            segmented.reopen();

            for (long time = 999; time <= 1025; time++) {
                long at = time;
                long expected = time <= 1000 ? 0 : Math.min(100, (time - 1000) * 4);
                assertEquals(expected, (long) segmented.call(l -> l.positionAt(at)), "position at time " + time);
            }
            List<LogRecord> records = segmented.readAll();
            assertEquals(100, records.size());
            segmented.assertAppendedRecords(0, records);
            assertArrayEquals(original, Files.readAllBytes(sealedIndex));
        }
    }

    private void appendEntry(long position, long arrivalMillis, int offset) throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(SparseIndex.ENTRY_BYTES);
        SparseIndex.writeEntry(entry, position, arrivalMillis, offset);
        SegmentFiles.appendBytes(indexFile, entry.array());
    }

    private void assertEveryRecordIsFoundByPositionAndByTime() {
        long end = log.call(DurableShardLog::endPosition);
        for (long position = 0; position < end; position++) {
            List<LogRecord> records = log.read(position, 1, Long.MAX_VALUE).records();
            assertEquals(1, records.size(), "records read at position " + position);
            log.assertAppendedRecords(position, records);
        }
        for (long position = 0; position < end; position += 3) {
            long arrival = log.arrivalOf(position);
            assertEquals(position, (long) log.call(l -> l.positionAt(arrival)), "position of arrival time " + arrival);
        }
    }
}
