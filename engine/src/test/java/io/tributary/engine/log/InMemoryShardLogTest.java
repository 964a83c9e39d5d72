package io.tributary.engine.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemoryShardLogTest {
    private static final int CHUNK = 4096;
    private static final long NO_BYTE_LIMIT = Long.MAX_VALUE;

    private final InMemoryShardLog log = new InMemoryShardLog();

    @Test
    void shouldStartEmptyAtPositionZero() {
        ReadBatch batch = log.read(0, 10, NO_BYTE_LIMIT);

        assertEquals(0, log.startPosition());
        assertEquals(0, log.endPosition());
        assertEquals(-1, log.lastArrivalMillis());
        assertEquals(List.of(), batch.records());
        assertEquals(0, batch.nextPosition());
        assertTrue(batch.caughtUp());
    }

    @Test
    void shouldAnswerEachAppendWithThePositionOfItsFirstRecord() {
        assertEquals(0, log.append(entries("a", "b", "c"), 100));
        assertEquals(3, log.append(entries("d"), 100));
        assertEquals(4, log.append(entries("e", "f"), 200));

        assertEquals(6, log.endPosition());
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), data(log.read(0, 10, NO_BYTE_LIMIT)));
    }

    @Test
    void shouldKeepEachRecordsPositionArrivalTimeKeyAndData() {
        log.append(List.of(new AppendEntry("key-1", bytes("one"))), 100);
        log.append(List.of(new AppendEntry("key-2", bytes("two"))), 250);

        List<LogRecord> records = log.read(0, 10, NO_BYTE_LIMIT).records();

        assertEquals(1, records.get(1).position());
        assertEquals(250, records.get(1).arrivalMillis());
        assertEquals("key-2", records.get(1).partitionKey());
        assertArrayEquals(bytes("two"), records.get(1).data());
        assertEquals(250, log.lastArrivalMillis());
    }

    @Test
    void shouldStopAtTheRecordLimitAndSayWhereToGoOn() {
        log.append(entries("a", "b", "c", "d", "e"), 100);

        ReadBatch first = log.read(0, 2, NO_BYTE_LIMIT);
        ReadBatch rest = log.read(first.nextPosition(), 10, NO_BYTE_LIMIT);

        assertEquals(List.of("a", "b"), data(first));
        assertEquals(2, first.nextPosition());
        assertEquals(5, first.endPosition());
        assertFalse(first.caughtUp());
        assertEquals(List.of("c", "d", "e"), data(rest));
        assertEquals(5, rest.nextPosition());
        assertTrue(rest.caughtUp());
    }

    @Test
    void shouldStopBeforeTheRecordThatWouldPassTheByteLimit() {
        // Each record counts its 8 data bytes and its partition key's 2 UTF-8 bytes: 10 bytes.
        log.append(IntStream.range(0, 5).mapToObj(i -> new AppendEntry("é", bytes("record-" + i))).toList(), 100);

        assertEquals(2, log.read(0, 10, 20).records().size());
        assertEquals(1, log.read(0, 10, 19).records().size());
        assertEquals(3, log.read(0, 10, 30).records().size());
        assertEquals(2, log.read(0, 10, 20).nextPosition());
    }

    @Test
    void shouldReturnOneRecordLargerThanTheByteLimit() {
        log.append(entries("a record far larger than the limit", "b"), 100);

        ReadBatch batch = log.read(0, 10, 1);

        assertEquals(List.of("a record far larger than the limit"), data(batch));
        assertEquals(1, batch.nextPosition());
    }

    @Test
    void shouldReadNothingAndStayCaughtUpAtTheEnd() {
        log.append(entries("a", "b"), 100);

        ReadBatch batch = log.read(2, 10, NO_BYTE_LIMIT);

        assertEquals(List.of(), batch.records());
        assertEquals(2, batch.nextPosition());
        assertTrue(batch.caughtUp());
    }

    @Test
    void shouldReadAcrossTheBoundaryBetweenChunks() {
        appendNumbered(CHUNK + 10, 100);

        ReadBatch batch = log.read(CHUNK - 3, 6, NO_BYTE_LIMIT);

        assertEquals(numbered(CHUNK - 3, CHUNK + 3), data(batch));
        assertEquals(List.of(CHUNK - 3L, CHUNK - 2L, CHUNK - 1L, (long) CHUNK, CHUNK + 1L, CHUNK + 2L),
            batch.records().stream().map(LogRecord::position).toList());
        assertEquals(CHUNK + 3, batch.nextPosition());
    }

    @Test
    void shouldFindTheFirstRecordArrivedAtOrAfterATime() {
        log.append(entries("a", "b", "c"), 100);
        log.append(entries("d", "e"), 200);
        log.append(entries("f"), 200);
        log.append(entries("g"), 300);

        assertEquals(0, log.positionAt(100));
        assertEquals(3, log.positionAt(101));
        assertEquals(3, log.positionAt(200));
        assertEquals(6, log.positionAt(201));
        assertEquals(6, log.positionAt(300));
    }

    @Test
    void shouldFindTheStartBeforeAllRecordsAndTheEndAfterThem() {
        log.append(entries("a", "b"), 100);
        log.append(entries("c"), 200);

        assertEquals(0, log.positionAt(0));
        assertEquals(0, log.positionAt(99));
        assertEquals(3, log.positionAt(201));
        assertEquals(3, log.positionAt(Long.MAX_VALUE));
    }

    @Test
    void shouldFindTheEndPositionInAnEmptyLog() {
        assertEquals(0, log.positionAt(100));
    }

    @Test
    void shouldSearchTimesAcrossManyChunks() {
        for (int i = 0; i < 3 * CHUNK; i += 512) {
            log.append(numberedEntries(i, i + 512), 1_000 + i);
        }

        assertEquals(CHUNK + 512, log.positionAt(1_000 + CHUNK + 1));
        assertEquals(2 * CHUNK, log.positionAt(1_000 + 2 * CHUNK));
    }

    @Test
    void shouldHideTrimmedRecordsAndReadFromTheStartInstead() {
        log.append(entries("a", "b", "c", "d", "e"), 100);

        log.trimBefore(3);

        assertEquals(3, log.startPosition());
        assertEquals(5, log.endPosition());
        assertEquals(List.of("d", "e"), data(log.read(0, 10, NO_BYTE_LIMIT)));
        assertEquals(List.of("d"), data(log.read(1, 1, NO_BYTE_LIMIT)));
        assertEquals(3, log.read(1, 1, NO_BYTE_LIMIT).records().get(0).position());
        assertEquals(3, log.positionAt(0));
    }

    @Test
    void shouldNeverMoveTheStartBackwards() {
        log.append(entries("a", "b", "c", "d", "e"), 100);
        log.trimBefore(3);

        log.trimBefore(1);

        assertEquals(3, log.startPosition());
        assertEquals(List.of("d", "e"), data(log.read(0, 10, NO_BYTE_LIMIT)));
    }

    @Test
    void shouldTrimNoFurtherThanTheEndAndGoOnAppendingThere() {
        log.append(entries("a", "b"), 100);

        log.trimBefore(10);
        long next = log.append(entries("c"), 200);

        assertEquals(2, log.startPosition());
        assertEquals(2, next);
        assertEquals(List.of("c"), data(log.read(0, 10, NO_BYTE_LIMIT)));
    }

    @Test
    void shouldReadRecordsPastTrimmedWholeChunks() {
        appendNumbered(2 * CHUNK + 100, 100);

        log.trimBefore(CHUNK + 500);

        assertEquals(CHUNK + 500, log.startPosition());
        assertEquals(numbered(CHUNK + 500, CHUNK + 503), data(log.read(0, 3, NO_BYTE_LIMIT)));
        assertEquals(numbered(2 * CHUNK + 98, 2 * CHUNK + 100), data(log.read(2 * CHUNK + 98, 10, NO_BYTE_LIMIT)));
        assertEquals(CHUNK + 500, log.positionAt(0));
        assertEquals(100, log.lastArrivalMillis());
    }

    @Test
    void shouldAppendAfterTrimmingEverythingUpToAChunkBoundary() {
        appendNumbered(CHUNK, 100);
        log.trimBefore(CHUNK);

        long next = log.append(entries("after"), 200);

        assertEquals(CHUNK, next);
        assertEquals(List.of("after"), data(log.read(0, 10, NO_BYTE_LIMIT)));
        assertEquals(200, log.lastArrivalMillis());
    }

    @Test
    void shouldReportNoArrivalOnceEverythingIsTrimmed() {
        log.append(entries("a"), 100);

        log.trimBefore(1);

        assertEquals(-1, log.lastArrivalMillis());
    }

    private void appendNumbered(int count, long arrivalMillis) {
        log.append(numberedEntries(0, count), arrivalMillis);
    }

    private static List<AppendEntry> numberedEntries(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new AppendEntry("k", bytes(Integer.toString(i)))).toList();
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }

    @Test
    void shouldHoldNothingAfterARestartAndAppendFromTheNewPositionWithinAChunk() {
        log.append(entries("a", "b", "c"), 100);

        log.restartAt(CHUNK + 5);
        ReadBatch empty = log.read(0, 10, NO_BYTE_LIMIT);
        assertEquals(List.of(), empty.records());
        assertEquals(CHUNK + 5, empty.nextPosition());
        assertEquals(-1, log.lastArrivalMillis());

        assertEquals(CHUNK + 5, log.append(entries("d", "e"), 200));
        assertEquals(CHUNK + 5, log.startPosition());
        assertEquals(List.of("d", "e"), data(log.read(0, 10, NO_BYTE_LIMIT)));
        assertEquals(200, log.firstArrivalMillis());
    }

    @Test
    void shouldRefuseARestartWithinWhatItHolds() {
        log.append(entries("a", "b", "c"), 100);

        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> log.restartAt(3));
        assertEquals(List.of("a", "b", "c"), data(log.read(0, 10, NO_BYTE_LIMIT)));
    }

    private static List<AppendEntry> entries(String... data) {
        return Arrays.stream(data).map(text -> new AppendEntry("k", bytes(text))).toList();
    }

    private static List<String> data(ReadBatch batch) {
        return batch.records().stream().map(record -> new String(record.data(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
