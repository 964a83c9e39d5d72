package io.tributary.engine.log.durable;

import static io.tributary.engine.log.durable.TestRecords.FRAME_BYTES;
import static io.tributary.engine.log.durable.TestRecords.KEY_AND_DATA_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.log.durable.SegmentFiles.Frame;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending and reading back across segments. With 4 KiB segments and 200-byte frames appended
 * four at a time, each segment holds exactly 20 records, so the 100 records of each test live in
 * segments based at 0, 20, 40, 60 and 80.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogReadTest {
    private static final int SEGMENT_BYTES = 4096;
    private static final int RECORDS = 100;
    private static final int RECORDS_PER_SEGMENT = 20;

    @TempDir
    Path root;
    private Vertx vertx;
    private ShardLogFixture log;

    @BeforeEach
    void open(Vertx vertx) throws IOException {
        this.vertx = vertx;
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, SEGMENT_BYTES);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void shouldGiveTheFirstRecordPositionZeroAndNumberTheRestConsecutively() {
        assertEquals(0, log.appendDurably(TestRecords.records(0, 3), 1000));
        assertEquals(3, log.appendDurably(TestRecords.records(3, 2), 1000));
        assertEquals(0, (long) log.call(DurableShardLog::startPosition));
        assertEquals(5, (long) log.call(DurableShardLog::endPosition));
    }

    @Test
    void shouldReadBackEveryRecordByteForByteAcrossSegments() {
        log.appendBatches(RECORDS, 4, 1000);

        List<LogRecord> records = log.readAll();

        assertEquals(RECORDS, records.size());
        log.assertAppendedRecords(0, records);
    }

    @Test
    void shouldNameSegmentFilesByTheirZeroPaddedBasePositionSoThatLsListsThemInLogOrder() throws IOException {
        log.appendBatches(RECORDS, 4, 1000);

        assertEquals(List.of(
            "00000000000000000000.index", "00000000000000000000.log",
            "00000000000000000020.index", "00000000000000000020.log",
            "00000000000000000040.index", "00000000000000000040.log",
            "00000000000000000060.index", "00000000000000000060.log",
            "00000000000000000080.index", "00000000000000000080.log"), SegmentFiles.names(log.directory));
        for (long base = 0; base < RECORDS; base += RECORDS_PER_SEGMENT) {
            List<Frame> frames = SegmentFiles.frames(SegmentFiles.logFile(log.directory, base));
            assertEquals(RECORDS_PER_SEGMENT, frames.size(), "frames in segment " + base);
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(base + i, frames.get(i).position(), "frame " + i + " of segment " + base);
            }
        }
    }

    @Test
    void shouldWriteEachFrameAsTheRecordFrameDiagramDrawsIt() throws IOException {
        log.appendBatches(8, 4, 1000);

        List<Frame> frames = SegmentFiles.frames(SegmentFiles.logFile(log.directory, 0));

        assertEquals(8, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            AppendEntry expected = TestRecords.record(i);
            assertEquals((long) i * FRAME_BYTES, frame.fileOffset());
            assertEquals(FRAME_BYTES - RecordFrame.PREFIX_BYTES, frame.length());
            assertEquals(i, frame.position());
            assertEquals(1000 + i / 4, frame.arrivalMillis());
            assertArrayEquals(expected.partitionKey().getBytes(StandardCharsets.UTF_8), frame.key());
            assertArrayEquals(expected.data(), frame.data());
        }
    }

    @Test
    void shouldStopAReadAtMaxRecords() {
        log.appendBatches(RECORDS, 4, 1000);

        ReadBatch batch = log.read(0, 7, Long.MAX_VALUE);

        assertEquals(7, batch.records().size());
        log.assertAppendedRecords(0, batch.records());
        assertEquals(7, batch.nextPosition());
        assertEquals(RECORDS, batch.endPosition());
        assertFalse(batch.caughtUp());
    }

    @Test
    void shouldContinueAReadFromOneSegmentIntoTheNext() {
        log.appendBatches(RECORDS, 4, 1000);

        ReadBatch batch = log.read(15, 10, Long.MAX_VALUE);

        assertEquals(10, batch.records().size());
        log.assertAppendedRecords(15, batch.records());
        assertEquals(25, batch.nextPosition());
    }

    @Test
    void shouldReadFromAPositionInTheMiddleOfASegment() {
        log.appendBatches(RECORDS, 4, 1000);

        for (long position = 0; position < RECORDS; position++) {
            ReadBatch batch = log.read(position, 1, Long.MAX_VALUE);
            assertEquals(1, batch.records().size(), "records read from " + position);
            log.assertAppendedRecords(position, batch.records());
            assertEquals(position + 1, batch.nextPosition());
        }
    }

    @Test
    void shouldStopAReadBeforeTheRecordThatWouldPassMaxBytes() {
        log.appendBatches(RECORDS, 4, 1000);

        ReadBatch exactlyThree = log.read(18, RECORDS, 3L * KEY_AND_DATA_BYTES);
        ReadBatch oneByteShortOfThree = log.read(18, RECORDS, 3L * KEY_AND_DATA_BYTES - 1);

        assertEquals(3, exactlyThree.records().size());
        log.assertAppendedRecords(18, exactlyThree.records());
        assertEquals(21, exactlyThree.nextPosition());
        assertEquals(2, oneByteShortOfThree.records().size());
        assertEquals(20, oneByteShortOfThree.nextPosition());
    }

    @Test
    void shouldReturnTheFirstRecordEvenWhenItAloneExceedsMaxBytes() {
        log.appendBatches(RECORDS, 4, 1000);

        ReadBatch batch = log.read(5, RECORDS, 0);

        assertEquals(1, batch.records().size());
        log.assertAppendedRecords(5, batch.records());
        assertEquals(6, batch.nextPosition());
    }

    @Test
    void shouldReadNothingAndReportCaughtUpAtTheEndPosition() {
        log.appendBatches(RECORDS, 4, 1000);

        ReadBatch batch = log.read(RECORDS, 10, Long.MAX_VALUE);

        assertTrue(batch.records().isEmpty());
        assertEquals(RECORDS, batch.nextPosition());
        assertEquals(RECORDS, batch.endPosition());
        assertTrue(batch.caughtUp());
    }

    @Test
    void shouldKeepMultiByteKeysAndEveryByteValueExact() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        List<AppendEntry> entries = List.of(
            new AppendEntry("ключ-é-\uD83D\uDE42", everyByte),
            new AppendEntry("k", new byte[0]),
            new AppendEntry("\u00FF".repeat(256), new byte[] {0, 0, 0, 0}));
        log.appendDurably(entries, 1000);

        List<LogRecord> records = log.readAll();

        assertEquals(3, records.size());
        log.assertAppendedRecords(0, records);
    }

    @Test
    void shouldReadARecordLargerThanTheScannersReadChunk() {
        byte[] oneMebibyte = new byte[1024 * 1024];
        for (int i = 0; i < oneMebibyte.length; i++) {
            oneMebibyte[i] = (byte) (i * 7 + i / 251);
        }
        log.appendDurably(TestRecords.records(0, 3), 1000);
        log.appendDurably(List.of(new AppendEntry("big", oneMebibyte)), 1001);
        log.appendDurably(TestRecords.records(4, 3), 1002);

        List<LogRecord> records = log.readAll();

        assertEquals(7, records.size());
        log.assertAppendedRecords(0, records);
        ReadBatch bigAlone = log.read(3, 1, Long.MAX_VALUE);
        assertEquals(1, bigAlone.records().size());
        log.assertAppendedRecords(3, bigAlone.records());
    }

    @Test
    void shouldReadEveryRecordOfOneSegmentLargerThanTheScannersReadChunk(@TempDir Path otherRoot) throws IOException {
        try (ShardLogFixture large = ShardLogFixture.open(vertx, otherRoot, Durability.FSYNC, 8 * 1024 * 1024)) {
            int records = 3000;
            large.appendBatches(records, 7, 1000);
            assertEquals(List.of("00000000000000000000.index", "00000000000000000000.log"), SegmentFiles.names(large.directory));

            ReadBatch all = large.read(0, records, Long.MAX_VALUE);

            assertEquals(records, all.records().size());
            large.assertAppendedRecords(0, all.records());
            for (long position = 0; position < records; position += 113) {
                large.assertAppendedRecords(position, large.read(position, 1, Long.MAX_VALUE).records());
            }
        }
    }
}
