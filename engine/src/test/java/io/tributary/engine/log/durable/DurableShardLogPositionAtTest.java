package io.tributary.engine.log.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.log.Durability;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code positionAt(t)} answers the first position whose arrival time is at or after {@code t}, or
 * the end position. Records are appended four at a time and two batches share each arrival time:
 * positions 0 to 7 arrive at 1000, 8 to 15 at 1010, and so on up to 96 to 99 at 1120. With 4 KiB
 * segments of 20 records, positions 16 to 23 (time 1020) straddle the boundary at 20.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogPositionAtTest {
    private static final int RECORDS = 100;

    @TempDir
    Path root;
    private ShardLogFixture log;

    @AfterEach
    void close() {
        log.close();
    }

    @ParameterizedTest(name = "segments of {0} bytes")
    @ValueSource(ints = {4096, 1024 * 1024})
    void shouldAnswerTheFirstRecordThatArrivedAtOrAfterEveryTime(int segmentBytes, Vertx vertx) throws IOException {
        openWithPairedArrivals(vertx, segmentBytes);

        for (long time = 990; time <= 1131; time++) {
            assertEquals(firstArrivedAtOrAfter(time), positionAt(time), "position at time " + time);
        }
    }

    @Test
    void shouldAnswerTheFirstOfEqualArrivalTimesThatSpanTwoSegments(Vertx vertx) throws IOException {
        openWithPairedArrivals(vertx, 4096);

        assertEquals(16, positionAt(1020));
        assertEquals(16, positionAt(1011));
        assertEquals(24, positionAt(1021));
    }

    @Test
    void shouldAnswerTheStartForATimeBeforeEveryRecord(Vertx vertx) throws IOException {
        openWithPairedArrivals(vertx, 4096);

        assertEquals(0, positionAt(0));
        assertEquals(0, positionAt(Long.MIN_VALUE));
        assertEquals(0, positionAt(1000));
    }

    @Test
    void shouldAnswerTheEndPositionForATimeAfterEveryRecord(Vertx vertx) throws IOException {
        openWithPairedArrivals(vertx, 4096);

        assertEquals(96, positionAt(1120));
        assertEquals(RECORDS, positionAt(1121));
        assertEquals(RECORDS, positionAt(Long.MAX_VALUE));
    }

    @Test
    void shouldNotAnswerAPositionBelowTheTrimHorizon(Vertx vertx) throws IOException {
        openWithPairedArrivals(vertx, 4096);

        log.call(l -> {
            l.trimBefore(30);
            return null;
        });

        assertEquals(30, positionAt(0));
        assertEquals(30, positionAt(1030));
        assertEquals(32, positionAt(1031));
    }

    @Test
    void shouldAnswerZeroInAnEmptyLog(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);

        assertEquals(0, positionAt(0));
        assertEquals(0, positionAt(Long.MAX_VALUE));
    }

    private void openWithPairedArrivals(Vertx vertx, int segmentBytes) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, segmentBytes);
        for (int batch = 0; batch < RECORDS / 4; batch++) {
            log.appendDurably(TestRecords.records(batch * 4L, 4), 1000 + 10 * (batch / 2));
        }
    }

    private long firstArrivedAtOrAfter(long time) {
        for (long position = 0; position < RECORDS; position++) {
            if (log.arrivalOf(position) >= time) {
                return position;
            }
        }
        return RECORDS;
    }

    private long positionAt(long time) {
        return log.call(l -> l.positionAt(time));
    }
}
