package io.tributary.engine.log.durable;

import static io.tributary.engine.log.durable.TestRecords.FRAME_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.durable.SegmentFiles.Frame;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recovery of the active segment after a crash left its end torn: cut inside the last frame,
 * followed by garbage, or followed by zeros (a file extended but never written). Each test appends
 * 92 records, so the active segment is based at 80 and holds 12 frames, 2,400 bytes, the last one at
 * file offset 2,200, with room for more.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogTornTailTest {
    private static final int RECORDS = 92;
    private static final long ACTIVE_BASE = 80;
    private static final long ACTIVE_BYTES = (RECORDS - ACTIVE_BASE) * FRAME_BYTES;
    private static final long LAST_FRAME_OFFSET = ACTIVE_BYTES - FRAME_BYTES;

    @TempDir
    Path root;
    private ShardLogFixture log;
    private Path activeFile;

    @BeforeEach
    void appendAndStop(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.appendBatches(RECORDS, 4, 1000);
        log.closeLog();
        activeFile = SegmentFiles.logFile(log.directory, ACTIVE_BASE);
        assertEquals(ACTIVE_BYTES, Files.size(activeFile));
    }

    @AfterEach
    void close() {
        log.close();
    }

    @ParameterizedTest(name = "{0} bytes of the last frame left")
    @ValueSource(ints = {1, 8, 25, 26, 33, 100, FRAME_BYTES - 1})
    void shouldDropALastFrameCutShortAndKeepEveryWholeFrameBeforeIt(int bytesLeft) throws IOException {
        SegmentFiles.truncate(activeFile, LAST_FRAME_OFFSET + bytesLeft);

        log.reopen();

        assertEquals(RECORDS - 1, (long) log.call(DurableShardLog::endPosition));
        assertEquals(LAST_FRAME_OFFSET, Files.size(activeFile), "the file is cut after the last whole frame");
        assertEquals(log.arrivalOf(RECORDS - 2), (long) log.call(DurableShardLog::lastArrivalMillis));
        List<LogRecord> records = log.readAll();
        assertEquals(RECORDS - 1, records.size());
        log.assertAppendedRecords(0, records);
        assertNextAppendGoesRightAfter(RECORDS - 1, LAST_FRAME_OFFSET);
    }

    @Test
    void shouldCutOffGarbageWrittenAfterTheLastFrame() throws IOException {
        byte[] garbage = new byte[57];
        new Random(42).nextBytes(garbage);
        SegmentFiles.appendBytes(activeFile, garbage);

        log.reopen();

        assertEquals(RECORDS, (long) log.call(DurableShardLog::endPosition));
        assertEquals(ACTIVE_BYTES, Files.size(activeFile));
        log.assertAppendedRecords(0, log.readAll());
        assertNextAppendGoesRightAfter(RECORDS, ACTIVE_BYTES);
    }

    @Test
    void shouldCutOffAZeroFilledTail() throws IOException {
        SegmentFiles.appendBytes(activeFile, new byte[4096]);

        log.reopen();

        assertEquals(RECORDS, (long) log.call(DurableShardLog::endPosition));
        assertEquals(ACTIVE_BYTES, Files.size(activeFile));
        log.assertAppendedRecords(0, log.readAll());
        assertNextAppendGoesRightAfter(RECORDS, ACTIVE_BYTES);
    }

    @Test
    void shouldCutOffAWholeLastFrameWhoseChecksumDoesNotMatch() throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(FRAME_BYTES);
        RecordFrame.write(frame, RECORDS, 2000, "k-09999".getBytes(StandardCharsets.UTF_8), TestRecords.record(9999).data());
        frame.put(FRAME_BYTES - 1, (byte) (frame.get(FRAME_BYTES - 1) + 1));
        SegmentFiles.appendBytes(activeFile, frame.array());

        log.reopen();

        assertEquals(RECORDS, (long) log.call(DurableShardLog::endPosition));
        assertEquals(ACTIVE_BYTES, Files.size(activeFile));
        assertEquals(log.arrivalOf(RECORDS - 1), (long) log.call(DurableShardLog::lastArrivalMillis));
        log.assertAppendedRecords(0, log.readAll());
        assertNextAppendGoesRightAfter(RECORDS, ACTIVE_BYTES);
    }

    @Test
    void shouldEmptyTheActiveSegmentWhenItsFirstFrameIsTorn() throws IOException {
        SegmentFiles.truncate(activeFile, 100);

        log.reopen();

        assertEquals(ACTIVE_BASE, (long) log.call(DurableShardLog::endPosition));
        assertEquals(0, Files.size(activeFile));
        assertEquals(log.arrivalOf(ACTIVE_BASE - 1), (long) log.call(DurableShardLog::lastArrivalMillis),
            "the newest arrival is found in the segment before");
        List<LogRecord> records = log.readAll();
        assertEquals(ACTIVE_BASE, records.size());
        log.assertAppendedRecords(0, records);
        assertNextAppendGoesRightAfter(ACTIVE_BASE, 0);
    }

    /** The next record takes {@code position} and its frame starts at {@code fileOffset} of the active file. */
    private void assertNextAppendGoesRightAfter(long position, long fileOffset) throws IOException {
        assertEquals(position, log.appendDurably(TestRecords.records(5000, 1), 3000));
        List<Frame> frames = SegmentFiles.frames(activeFile);
        Frame last = frames.get(frames.size() - 1);
        assertEquals(position, last.position());
        assertEquals(fileOffset, last.fileOffset());
        assertEquals(fileOffset + FRAME_BYTES, Files.size(activeFile));
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(ACTIVE_BASE + i, frames.get(i).position(), "frames of the active file are consecutive");
        }
        List<LogRecord> records = log.readAll();
        assertEquals(position + 1, records.size());
        log.assertAppendedRecords(0, records);
    }
}
