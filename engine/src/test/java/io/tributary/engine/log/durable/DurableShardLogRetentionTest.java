package io.tributary.engine.log.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention: {@code trimBefore(p)} hides the records below {@code p} at once and deletes, in the
 * background, the sealed segments wholly below it. The log holds 100 records in segments based at
 * 0, 20, 40, 60 and 80 (the active one); batch {@code b} of four records arrives at {@code 1000 + b}.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogRetentionTest {
    private static final int RECORDS = 100;

    @TempDir
    Path root;
    private ShardLogFixture log;

    @BeforeEach
    void open(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.appendBatches(RECORDS, 4, 1000);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void shouldHideRecordsBelowTheTrimPosition() {
        trimBefore(30);

        ReadBatch batch = log.read(0, RECORDS, Long.MAX_VALUE);

        assertEquals(30, (long) log.call(DurableShardLog::startPosition));
        assertEquals(70, batch.records().size());
        log.assertAppendedRecords(30, batch.records());
    }

    @Test
    void shouldDeleteTheSealedSegmentsWhollyBelowTheTrimPositionAndKeepTheOneItFallsIn() throws IOException {
        trimBefore(30);

        awaitDeleted(0);
        assertEquals(List.of(
            "00000000000000000020.index", "00000000000000000020.log",
            "00000000000000000040.index", "00000000000000000040.log",
            "00000000000000000060.index", "00000000000000000060.log",
            "00000000000000000080.index", "00000000000000000080.log"), SegmentFiles.names(log.directory));
    }

    @Test
    void shouldMoveTheFirstArrivalTimeToTheOldestRecordStillReadable() {
        trimBefore(20);
        assertEquals(1005, (long) log.call(DurableShardLog::firstArrivalMillis), "position 20 is in batch 5");

        trimBefore(30);
        assertEquals(1007, (long) log.call(DurableShardLog::firstArrivalMillis), "position 30 is in batch 7");
    }

    @Test
    void shouldKeepTheFirstArrivalTimeWhileRecordsAreReadAndAppendedUntilTheStartMoves() {
        assertEquals(1000, (long) log.call(DurableShardLog::firstArrivalMillis));
        log.read(0, RECORDS, Long.MAX_VALUE);
        log.appendBatches(8, 4, 2000);
        assertEquals(1000, (long) log.call(DurableShardLog::firstArrivalMillis), "appends and reads leave the oldest record");

        trimBefore(RECORDS + 4);
        assertEquals(2001, (long) log.call(DurableShardLog::firstArrivalMillis), "position 104 is in the second new batch");
    }

    @Test
    void shouldNeverDeleteTheActiveSegment() throws IOException {
        trimBefore(RECORDS);

        awaitDeleted(60);
        assertEquals(List.of("00000000000000000080.index", "00000000000000000080.log"), SegmentFiles.names(log.directory));
        assertEquals(RECORDS, (long) log.call(DurableShardLog::startPosition));
        assertEquals(-1, (long) log.call(DurableShardLog::firstArrivalMillis));
        assertTrue(log.read(0, RECORDS, Long.MAX_VALUE).records().isEmpty());
    }

    @Test
    void shouldKeepAppendingAfterEverythingWasTrimmed() throws IOException {
        trimBefore(RECORDS);
        awaitDeleted(60);

        assertEquals(RECORDS, log.appendDurably(TestRecords.records(RECORDS, 2), 3000));

        List<LogRecord> records = log.read(0, RECORDS, Long.MAX_VALUE).records();
        assertEquals(2, records.size());
        log.assertAppendedRecords(RECORDS, records);
        assertEquals(3000, (long) log.call(DurableShardLog::firstArrivalMillis));
    }

    @Test
    void shouldNotMoveTheStartBackwards() {
        trimBefore(40);
        trimBefore(10);

        assertEquals(40, (long) log.call(DurableShardLog::startPosition));
    }

    @Test
    void shouldNotMoveTheStartPastTheEnd() {
        trimBefore(RECORDS + 1000);

        assertEquals(RECORDS, (long) log.call(DurableShardLog::startPosition));
        assertEquals(RECORDS, log.appendDurably(TestRecords.records(RECORDS, 1), 3000));
    }

    @Test
    void shouldStartAtTheFirstRemainingSegmentAfterReopening() throws IOException {
        trimBefore(40);
        awaitDeleted(20);
        log.closeLog();

        log.reopen();

        assertEquals(40, (long) log.call(DurableShardLog::startPosition));
        assertEquals(RECORDS, (long) log.call(DurableShardLog::endPosition));
        List<LogRecord> records = log.readAll();
        assertEquals(60, records.size());
        log.assertAppendedRecords(40, records);
    }

    @Test
    void shouldNotFailAFlushInFlightWhenRetentionExpiresASegmentItIsForcing() throws IOException {
        int tasksDone = log.worker.completed();
        log.worker.hold();
        List<AppendEntry> sealing = TestRecords.records(RECORDS, 1);
        Future<Void> durable = log.call(l -> {
            l.append(sealing, 3000);
            return l.whenDurable(l.endPosition());
        });
        log.remember(RECORDS, sealing, 3000);
        assertTrue(Files.exists(SegmentFiles.logFile(log.directory, RECORDS)), "the full segment at 80 was sealed by the append");
        log.worker.stopHoldingNewTasks();

        trimBefore(RECORDS);
        ShardLogFixture.eventually("the segments not being forced are deleted", () -> log.worker.completed() == tasksDone + 1);
        assertTrue(Files.exists(SegmentFiles.logFile(log.directory, 80)), "the segment being forced is kept until its fsync ends");
        log.worker.release();

        ShardLogFixture.await(durable);
        awaitDeleted(80);
        assertEquals(List.of("00000000000000000100.index", "00000000000000000100.log"), SegmentFiles.names(log.directory));
        log.assertAppendedRecords(RECORDS, log.read(0, 10, Long.MAX_VALUE).records());
    }

    private void trimBefore(long position) {
        log.call(l -> {
            l.trimBefore(position);
            return null;
        });
    }

    /** Waits until the background deletion has removed the files of every segment up to {@code lastBase}. */
    private void awaitDeleted(long lastBase) {
        for (long base = 0; base <= lastBase; base += 20) {
            Path logFile = SegmentFiles.logFile(log.directory, base);
            Path indexFile = SegmentFiles.indexFile(log.directory, base);
            ShardLogFixture.eventually("segment " + base + " deleted", () -> !Files.exists(logFile) && !Files.exists(indexFile));
        }
    }
}
