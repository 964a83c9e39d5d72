package io.tributary.engine.log.durable;

import static io.tributary.engine.log.durable.TestRecords.FRAME_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A frame damaged in the middle of a sealed segment (segment 0 holds positions 0 to 19; frame 10
 * is damaged, one byte at a time, in each of its fields) is never handed to a reader: a read that
 * reaches it fails with InternalFailure. Records before it, and in later segments, stay readable.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogCorruptFrameTest {
    private static final long CORRUPT_POSITION = 10;
    private static final int KEY_OFFSET = RecordFrame.HEADER_BYTES;
    private static final int DATA_OFFSET = RecordFrame.HEADER_BYTES + TestRecords.KEY_BYTES;

    @TempDir
    Path root;
    private ShardLogFixture log;

    @BeforeEach
    void appendAndStop(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.appendBatches(100, 4, 1000);
        log.closeLog();
    }

    @AfterEach
    void close() {
        log.close();
    }

    @ParameterizedTest(name = "byte {0} of the frame flipped")
    @ValueSource(ints = {DATA_OFFSET + 50, DATA_OFFSET, KEY_OFFSET + 3, RecordFrame.KEY_LENGTH_OFFSET + 1,
        RecordFrame.ARRIVAL_OFFSET + 7, RecordFrame.POSITION_OFFSET + 7, RecordFrame.CRC_OFFSET, RecordFrame.LENGTH_OFFSET + 3})
    void shouldFailWithInternalFailureAndNeverReturnTheCorruptRecord(int byteOfFrame) throws IOException {
        corruptFrame10(byteOfFrame);

        assertInternalFailure(() -> log.read(0, 100, Long.MAX_VALUE));
        assertInternalFailure(() -> log.read(CORRUPT_POSITION, 1, Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "byte {0} of the frame flipped")
    @ValueSource(ints = {DATA_OFFSET + 50, RecordFrame.LENGTH_OFFSET + 3})
    void shouldStillReadTheRecordsBeforeACorruptFrame(int byteOfFrame) throws IOException {
        corruptFrame10(byteOfFrame);

        List<LogRecord> records = log.read(0, (int) CORRUPT_POSITION, Long.MAX_VALUE).records();

        assertEquals(CORRUPT_POSITION, records.size());
        log.assertAppendedRecords(0, records);
    }

    @ParameterizedTest(name = "byte {0} of the frame flipped")
    @ValueSource(ints = {DATA_OFFSET + 50, RecordFrame.LENGTH_OFFSET + 3})
    void shouldStillReadLaterSegments(int byteOfFrame) throws IOException {
        corruptFrame10(byteOfFrame);

        List<LogRecord> records = log.read(20, 100, Long.MAX_VALUE).records();

        assertEquals(80, records.size());
        log.assertAppendedRecords(20, records);
    }

    private void corruptFrame10(int byteOfFrame) throws IOException {
        SegmentFiles.flipByte(SegmentFiles.logFile(log.directory, 0), CORRUPT_POSITION * FRAME_BYTES + byteOfFrame);
        log.reopen();
    }

    private static void assertInternalFailure(Runnable read) {
        KinesisException failure = assertThrows(KinesisException.class, read::run);
        assertEquals(ErrorCode.INTERNAL_FAILURE, failure.code());
    }
}
