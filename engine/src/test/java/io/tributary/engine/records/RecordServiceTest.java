package io.tributary.engine.records;

import static io.tributary.engine.EngineAssertions.failsWith;
import static io.tributary.engine.EngineAssertions.succeedsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.Engine;
import io.tributary.engine.TestClock;
import io.tributary.engine.TestConfigs;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.NewStream;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data plane end to end on a running engine: a stream {@code s} of four shards, and a clock the tests move. */
@ExtendWith(VertxExtension.class)
class RecordServiceTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final int NO_LIMIT = Limits.MAX_GET_RECORDS_LIMIT;
    private static final String SHARD_0_OF_S_GONE = "Shard shardId-000000000000 in stream s under account 000000000000 does not exist";

    private final TestClock clock = new TestClock(T0);
    private Engine engine;
    private StreamState stream;

    @BeforeEach
    void startEngineWithStreamOfFourShards(Vertx vertx, VertxTestContext testContext) {
        Engine.start(vertx, TestConfigs.config(clock))
            .compose(started -> {
                engine = started;
                return engine.streams().create(streamOf("s", 4));
            })
            .onComplete(succeedsWith(testContext, created -> stream = created));
    }

    @Test
    void shouldAnswerPlacementsInRequestOrderWithPositionsIncreasingPerShard(VertxTestContext testContext) {
        List<PutEntry> entries = List.of(to(2, "a"), to(0, "b"), to(2, "c"), to(1, "d"), to(0, "e"), to(2, "f"));

        records().put(stream, entries).onComplete(succeedsWith(testContext, placed -> {
            assertEquals(List.of(2, 0, 2, 1, 0, 2), placed.stream().map(p -> p.shard().id().index()).toList());
            assertEquals(List.of(0L, 0L, 1L, 0L, 1L, 2L), placed.stream().map(Placed::position).toList());
            assertTrue(numeric(placed.get(2)).compareTo(numeric(placed.get(0))) > 0);
            assertTrue(numeric(placed.get(5)).compareTo(numeric(placed.get(2))) > 0);
            assertTrue(numeric(placed.get(4)).compareTo(numeric(placed.get(1))) > 0);
        }));
    }

    @Test
    void shouldGoOnNumberingEachShardWhereTheLastPutStopped(VertxTestContext testContext) {
        put(to(3, "a"), to(3, "b"))
            .compose(first -> put(to(1, "c"), to(3, "d")))
            .onComplete(succeedsWith(testContext, placed -> {
                assertEquals(0, placed.get(0).position());
                assertEquals(2, placed.get(1).position());
            }));
    }

    @Test
    void shouldPlaceAPartitionKeyOnTheShardHoldingItsMd5(VertxTestContext testContext) {
        List<PutEntry> entries = Arrays.stream(new String[] {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"})
            .map(key -> new PutEntry(key, bytes(key), HashKey.ofPartitionKey(key)))
            .toList();

        records().put(stream, entries).onComplete(succeedsWith(testContext, placed -> {
            for (int i = 0; i < entries.size(); i++) {
                assertTrue(placed.get(i).shard().hashKeyRange().contains(entries.get(i).hashKey()), entries.get(i).partitionKey());
            }
        }));
    }

    @Test
    void shouldReadEveryRecordFromTrimHorizonPageByPage(VertxTestContext testContext) {
        put(to(0, "a"), to(1, "elsewhere"), to(0, "b"), to(0, "c"))
            .compose(placed -> iterator(0, ShardIteratorType.TRIM_HORIZON))
            .compose(iterator -> records().getRecords(iterator, 2))
            .compose(first -> assertData(List.of("a", "b"), first))
            .compose(first -> records().getRecords(first.nextIterator().orElseThrow(), 2))
            .compose(second -> assertData(List.of("c"), second))
            .compose(second -> records().getRecords(second.nextIterator().orElseThrow(), 2))
            .onComplete(succeedsWith(testContext, caughtUp -> {
                assertEquals(List.of(), data(caughtUp));
                assertTrue(caughtUp.nextIterator().isPresent(), "an open shard always has a next iterator");
                assertEquals(0, caughtUp.millisBehindLatest());
            }));
    }

    @Test
    void shouldReadFromLatestOnlyRecordsPutAfterTheIteratorWasIssued(VertxTestContext testContext) {
        put(to(0, "before-1"), to(0, "before-2"))
            .compose(placed -> iterator(0, ShardIteratorType.LATEST))
            .compose(iterator -> put(to(0, "after")).compose(placed -> records().getRecords(iterator, NO_LIMIT)))
            .onComplete(succeedsWith(testContext, read -> assertEquals(List.of("after"), data(read))));
    }

    @Test
    void shouldReadFromAtSequenceNumberThatRecordOnwards(VertxTestContext testContext) {
        put(to(0, "a"), to(0, "b"), to(0, "c"))
            .compose(placed -> iterator(0, ShardIteratorType.AT_SEQUENCE_NUMBER, sequence(placed.get(1))))
            .compose(iterator -> records().getRecords(iterator, NO_LIMIT))
            .onComplete(succeedsWith(testContext, read -> assertEquals(List.of("b", "c"), data(read))));
    }

    @Test
    void shouldReadFromAfterSequenceNumberTheRecordsFollowingIt(VertxTestContext testContext) {
        put(to(0, "a"), to(0, "b"), to(0, "c"))
            .compose(placed -> iterator(0, ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequence(placed.get(1))))
            .compose(iterator -> records().getRecords(iterator, NO_LIMIT))
            .onComplete(succeedsWith(testContext, read -> assertEquals(List.of("c"), data(read))));
    }

    @Test
    void shouldReadFromAtTimestampTheFirstRecordArrivedAtOrAfterIt(VertxTestContext testContext) {
        long t0 = T0.toEpochMilli();
        put(to(0, "a"))
            .compose(placed -> later(Duration.ofSeconds(1)))
            .compose(moved -> put(to(0, "b"), to(0, "c")))
            .compose(placed -> Future.all(readAtTimestamp(t0 - 1), readAtTimestamp(t0 + 500), readAtTimestamp(t0 + 1000)))
            .onComplete(succeedsWith(testContext, reads -> {
                assertEquals(List.of("a", "b", "c"), data(reads.resultAt(0)));
                assertEquals(List.of("b", "c"), data(reads.resultAt(1)));
                assertEquals(List.of("b", "c"), data(reads.resultAt(2)));
            }));
    }

    @Test
    void shouldReportHowFarBehindTheNewestRecordAReadEnds(VertxTestContext testContext) {
        put(to(0, "old"))
            .compose(placed -> later(Duration.ofSeconds(5)))
            .compose(moved -> put(to(0, "new")))
            .compose(placed -> iterator(0, ShardIteratorType.TRIM_HORIZON))
            .compose(iterator -> records().getRecords(iterator, 1))
            .onComplete(succeedsWith(testContext, read -> {
                assertEquals(List.of("old"), data(read));
                assertEquals(5_000, read.millisBehindLatest());
            }));
    }

    @Test
    void shouldRejectASequenceNumberOfAnotherShard(VertxTestContext testContext) {
        put(to(1, "a"))
            .compose(placed -> iterator(0, ShardIteratorType.AT_SEQUENCE_NUMBER, sequence(placed.get(0))))
            .onComplete(failsWith(testContext, ErrorCode.INVALID_ARGUMENT, "Invalid StartingSequenceNumber. It encodes"
                + " shardId-000000000001, while it was used in a call to a shard with shardId-000000000000"));
    }

    @Test
    void shouldRejectASequenceNumberOfTheStreamARecreatedOneReplaced(VertxTestContext testContext) {
        String predecessors = stream.shards().get(0).sequenceNumber(0).toString();

        engine.streams().delete("s", false)
            .compose(deleted -> engine.streams().create(streamOf("s", 4)))
            .compose(recreated -> shardIterator(recreated, "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER,
                Optional.of(predecessors), OptionalLong.empty()))
            .onComplete(failsWith(testContext, ErrorCode.INVALID_ARGUMENT, "StartingSequenceNumber " + predecessors
                + " used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000"
                + " is invalid because it did not come from this stream."));
    }

    @Test
    void shouldRejectAStartingSequenceNumberItCannotRead(VertxTestContext testContext) {
        iterator(0, ShardIteratorType.AT_SEQUENCE_NUMBER, "12345")
            .onComplete(failsWith(testContext, ErrorCode.INVALID_ARGUMENT, "StartingSequenceNumber 12345 used in"
                + " GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid."));
    }

    @Test
    void shouldRejectATimestampInTheFuture(VertxTestContext testContext) {
        long now = T0.toEpochMilli();
        readAtTimestamp(now + 1)
            .onComplete(failsWith(testContext, ErrorCode.INVALID_ARGUMENT, "The timestampInMillis parameter cannot be"
                + " greater than the currentTimestampInMillis. timestampInMillis: " + (now + 1)
                + ", currentTimestampInMillis: " + now));
    }

    @Test
    void shouldAnswerAShardTheStreamDoesNotHaveWithResourceNotFound(VertxTestContext testContext) {
        shardIterator(stream, "shardId-000000000009", ShardIteratorType.LATEST, Optional.empty(), OptionalLong.empty())
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_NOT_FOUND,
                "Shard shardId-000000000009 in stream s under account 000000000000 does not exist"));
    }

    @Test
    void shouldAnswerAShardIdItCannotReadWithResourceNotFound(VertxTestContext testContext) {
        shardIterator(stream, "shard-zero", ShardIteratorType.LATEST, Optional.empty(), OptionalLong.empty())
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_NOT_FOUND,
                "Could not find shard shard-zero in stream s under account 000000000000."));
    }

    @Test
    void shouldExpireAnIteratorFiveMinutesAfterItWasIssued(VertxTestContext testContext) {
        iterator(0, ShardIteratorType.TRIM_HORIZON)
            .compose(iterator -> later(Duration.ofMinutes(5).plusMillis(1)).compose(moved -> records().getRecords(iterator, 1)))
            .onComplete(failsWith(testContext, ErrorCode.EXPIRED_ITERATOR, "Iterator expired. The iterator was created at"
                + " time Sun Jun 01 12:00:00 UTC 2025 while right now it is Sun Jun 01 12:05:00 UTC 2025 which is further"
                + " in the future than the tolerated delay of 300000 milliseconds."));
    }

    @Test
    void shouldRejectAnIteratorOfADeletedStream(VertxTestContext testContext) {
        iterator(0, ShardIteratorType.TRIM_HORIZON)
            .compose(iterator -> engine.streams().delete("s", false).compose(deleted -> records().getRecords(iterator, 1)))
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_NOT_FOUND, SHARD_0_OF_S_GONE));
    }

    @ParameterizedTest(name = "re-created {0} ms after the delete")
    @ValueSource(longs = {0, 1_000})
    void shouldRejectAnIteratorOfAStreamSinceDeletedAndRecreated(long gapMillis, VertxTestContext testContext) {
        iterator(0, ShardIteratorType.TRIM_HORIZON)
            .compose(iterator -> engine.streams().delete("s", false)
                .compose(deleted -> later(Duration.ofMillis(gapMillis)))
                .compose(moved -> engine.streams().create(streamOf("s", 4)))
                .compose(recreated -> records().getRecords(iterator, 1)))
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_NOT_FOUND, SHARD_0_OF_S_GONE));
    }

    @Test
    void shouldKeepRecordsForExactlyTheRetentionPeriod(VertxTestContext testContext) {
        put(to(0, "a"))
            .compose(placed -> later(Duration.ofHours(Limits.DEFAULT_RETENTION_HOURS)))
            .compose(moved -> iterator(0, ShardIteratorType.TRIM_HORIZON))
            .compose(iterator -> records().getRecords(iterator, NO_LIMIT))
            .onComplete(succeedsWith(testContext, read -> assertEquals(List.of("a"), data(read))));
    }

    @Test
    void shouldStartTrimHorizonAfterRecordsOlderThanTheRetentionPeriod(VertxTestContext testContext) {
        put(to(0, "expired-1"), to(0, "expired-2"))
            .compose(placed -> later(Duration.ofHours(23)))
            .compose(moved -> put(to(0, "retained")))
            .compose(placed -> later(Duration.ofHours(1).plusMillis(1)))
            .compose(moved -> iterator(0, ShardIteratorType.TRIM_HORIZON))
            .compose(iterator -> records().getRecords(iterator, NO_LIMIT))
            .onComplete(succeedsWith(testContext, read -> {
                assertEquals(List.of("retained"), data(read));
                assertEquals(2, read.records().get(0).position());
            }));
    }

    @Test
    void shouldSkipRecordsThatExpireWhileAnIteratorWaits(VertxTestContext testContext) {
        put(to(0, "expiring"))
            .compose(placed -> later(Duration.ofHours(Limits.DEFAULT_RETENTION_HOURS).minusMinutes(1)))
            .compose(moved -> put(to(0, "retained")))
            .compose(placed -> iterator(0, ShardIteratorType.TRIM_HORIZON))
            .compose(iterator -> later(Duration.ofMinutes(2)).compose(moved -> records().getRecords(iterator, NO_LIMIT)))
            .onComplete(succeedsWith(testContext, read -> assertEquals(List.of("retained"), data(read))));
    }

    private RecordService records() {
        return engine.records();
    }

    /** An entry that routes to the first hash key of the given shard of {@code s}. */
    private PutEntry to(int shard, String data) {
        return new PutEntry("key-" + data, bytes(data), stream.shards().get(shard).hashKeyRange().start());
    }

    private Future<List<Placed>> put(PutEntry... entries) {
        return records().put(stream, List.of(entries));
    }

    private Future<String> iterator(int shard, ShardIteratorType type) {
        return shardIterator(stream, new ShardId(shard).toString(), type, Optional.empty(), OptionalLong.empty());
    }

    private Future<String> iterator(int shard, ShardIteratorType type, String sequenceNumber) {
        return shardIterator(stream, new ShardId(shard).toString(), type, Optional.of(sequenceNumber), OptionalLong.empty());
    }

    private Future<RecordsRead> readAtTimestamp(long timestampMillis) {
        return shardIterator(stream, new ShardId(0).toString(), ShardIteratorType.AT_TIMESTAMP, Optional.empty(),
                OptionalLong.of(timestampMillis))
            .compose(iterator -> records().getRecords(iterator, NO_LIMIT));
    }

    /** GetShardIterator, with a rejection thrown at once turned into a failed future like one that fails later. */
    private Future<String> shardIterator(StreamState on, String shardId, ShardIteratorType type, Optional<String> sequenceNumber,
                                         OptionalLong timestampMillis) {
        return Future.succeededFuture(on)
            .compose(target -> records().shardIterator(target, shardId, type, sequenceNumber, timestampMillis));
    }

    /** Moves the clock on, as a step in a chain of engine calls. */
    private Future<Void> later(Duration by) {
        clock.advance(by);
        return Future.succeededFuture();
    }

    private static NewStream streamOf(String name, int shards) {
        return new NewStream(name, shards, StreamMode.PROVISIONED, new TreeMap<>(), Limits.DEFAULT_MAX_RECORD_SIZE_KIB);
    }

    private static String sequence(Placed placed) {
        return placed.sequenceNumber().toString();
    }

    /** A sequence number as the Kinesis Client Library compares them: as a number. */
    private static BigInteger numeric(Placed placed) {
        return new BigInteger(sequence(placed));
    }

    private static Future<RecordsRead> assertData(List<String> expected, RecordsRead read) {
        assertEquals(expected, data(read));
        return Future.succeededFuture(read);
    }

    private static List<String> data(RecordsRead read) {
        return read.records().stream().map(LogRecord::data).map(data -> new String(data, StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
