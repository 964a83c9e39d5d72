package io.tributary.engine.fanout;

import static io.tributary.engine.EngineAssertions.assertKinesisError;
import static io.tributary.engine.EngineAssertions.failsWith;
import static io.tributary.engine.EngineAssertions.succeedsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.Engine;
import io.tributary.engine.TestClock;
import io.tributary.engine.TestConfigs;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.fanout.LiveTails.Start;
import io.tributary.engine.fanout.LiveTails.Tail;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.records.Placed;
import io.tributary.engine.records.PutEntry;
import io.tributary.engine.stream.NewStream;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/** Live tails on a running engine: a stream {@code s} of four shards, tailed from a Vert.x context. */
@ExtendWith(VertxExtension.class)
class LiveTailsTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private Engine engine;
    private StreamState stream;
    private Context context;

    @BeforeEach
    void startEngineWithStreamOfFourShards(Vertx vertx, VertxTestContext testContext) {
        context = vertx.getOrCreateContext();
        Engine.start(vertx, TestConfigs.config(clock))
            .compose(started -> {
                engine = started;
                return engine.streams().create(new NewStream("s", 4, StreamMode.PROVISIONED, new TreeMap<>(),
                    Limits.DEFAULT_MAX_RECORD_SIZE_KIB));
            })
            .onComplete(succeedsWith(testContext, created -> stream = created));
    }

    @Test
    void shouldMergeEveryShardFromTrimHorizonKeepingEachShardInOrder(VertxTestContext testContext) {
        put(to(0, "a0"), to(1, "b0"), to(0, "a1"), to(3, "d0"), to(1, "b1"), to(0, "a2"))
            .compose(placed -> open(Optional.empty(), Start.of(ShardIteratorType.TRIM_HORIZON)))
            .compose(tail -> {
                assertEquals(4, tail.shards().size());
                return collect(tail.events().flatMapIterable(FeedEvent::records), 6);
            })
            .onComplete(succeedsWith(testContext, records -> {
                List<String> data = data(records);
                assertEquals(List.of("a0", "a1", "a2"), data.stream().filter(text -> text.startsWith("a")).toList());
                assertEquals(List.of("b0", "b1"), data.stream().filter(text -> text.startsWith("b")).toList());
                assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "d0"), data.stream().sorted().toList());
            }));
    }

    @Test
    void shouldStartLatestTailsAfterTheRecordsAlreadyStoredAndWakeOnAppends(VertxTestContext testContext) {
        put(to(2, "old"))
            .compose(placed -> open(Optional.empty(), Start.of(ShardIteratorType.LATEST)))
            .compose(tail -> {
                Future<List<LogRecord>> records = collect(tail.events().flatMapIterable(FeedEvent::records), 2);
                return put(to(2, "new-2")).compose(placed -> put(to(1, "new-1"))).compose(placed -> records);
            })
            .onComplete(succeedsWith(testContext, records ->
                assertEquals(List.of("new-1", "new-2"), data(records).stream().sorted().toList())));
    }

    @Test
    void shouldTailTheShardThatASequenceNumberNamesWhenNoShardIsGiven(VertxTestContext testContext) {
        put(to(3, "x"), to(3, "y"), to(3, "z"))
            .compose(placed -> open(Optional.empty(), new Start(ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                Optional.of(placed.get(0).sequenceNumber().toString()), OptionalLong.empty())))
            .compose(tail -> {
                assertEquals(List.of(new ShardId(3)), tail.shards().stream().map(ShardState::id).toList());
                return collect(tail.events().flatMapIterable(FeedEvent::records), 2);
            })
            .onComplete(succeedsWith(testContext, records -> assertEquals(List.of("y", "z"), data(records))));
    }

    @Test
    void shouldFollowTheChildOfAClosedShardOnceAfterItsParentEnds(VertxTestContext testContext) {
        put(to(0, "parent-1"), to(0, "parent-2"), to(1, "child-1"))
            .compose(placed -> closeShardZeroAsParentOfShardOne())
            .compose(closed -> open(Optional.empty(), Start.of(ShardIteratorType.TRIM_HORIZON)))
            .compose(tail -> {
                assertEquals(List.of(new ShardId(0), new ShardId(2), new ShardId(3)),
                    tail.shards().stream().map(ShardState::id).toList());
                return collect(tail.events()
                    .filter(event -> event.shard().id().index() < 2)
                    .flatMapIterable(LiveTailsTest::describe), 4);
            })
            .onComplete(succeedsWith(testContext, seen ->
                assertEquals(List.of("parent-1", "parent-2", "end of shardId-000000000000 -> [shardId-000000000001]", "child-1"),
                    seen)));
    }

    @Test
    void shouldEndWithResourceNotFoundWhenTheStreamIsDeleted(VertxTestContext testContext) {
        open(Optional.of("shardId-000000000001"), Start.of(ShardIteratorType.LATEST))
            .compose(tail -> {
                Future<List<LogRecord>> records = collect(tail.events().flatMapIterable(FeedEvent::records), 1);
                return engine.streams().delete("s", false).compose(deleted -> records);
            })
            .onComplete(testContext.failing(error -> testContext.verify(() -> {
                assertKinesisError(ErrorCode.RESOURCE_NOT_FOUND, "Stream s under account 000000000000 not found.", error);
                testContext.completeNow();
            })));
    }

    @Test
    void shouldRejectAnUnknownStream(VertxTestContext testContext) {
        open("nope", Optional.empty(), Start.of(ShardIteratorType.LATEST))
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_NOT_FOUND, "Stream nope under account 000000000000 not found."));
    }

    @Test
    void shouldRejectAnUnknownShard(VertxTestContext testContext) {
        open(Optional.of("shardId-000000000009"), Start.of(ShardIteratorType.LATEST))
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_NOT_FOUND,
                "Shard shardId-000000000009 in stream s under account 000000000000 does not exist"));
    }

    @Test
    void shouldRejectASequenceNumberThatIsNotOne(VertxTestContext testContext) {
        open(Optional.empty(), new Start(ShardIteratorType.AT_SEQUENCE_NUMBER, Optional.of("12"), OptionalLong.empty()))
            .onComplete(failsWith(testContext, ErrorCode.INVALID_ARGUMENT,
                "Sequence number 12 used in a live tail on stream s is invalid."));
    }

    /** Marks shard 0 closed after its two records and makes shard 1 its child, as a split would leave them. */
    private Future<StreamState> closeShardZeroAsParentOfShardOne() {
        return engine.streams().update("s", current -> {
            List<ShardState> shards = new ArrayList<>(current.shards());
            ShardState parent = shards.get(0);
            ShardState child = shards.get(1);
            shards.set(0, new ShardState(parent.id(), parent.hashKeyRange(), parent.epoch(), parent.parent(),
                parent.adjacentParent(), parent.createdMillis(), OptionalLong.of(2), OptionalLong.of(clock.millis()), parent.handle()));
            shards.set(1, new ShardState(child.id(), child.hashKeyRange(), child.epoch(), Optional.of(parent.id()),
                Optional.empty(), child.createdMillis(), child.endingPosition(), child.closedMillis(), child.handle()));
            shards.sort(Comparator.comparing(ShardState::id));
            return new StreamState(current.name(), current.arn(), current.status(), current.mode(), current.createdMillis(),
                current.retentionHours(), current.maxRecordSizeKiB(), current.tags(), shards);
        });
    }

    private Future<Tail> open(Optional<String> shard, Start start) {
        return open("s", shard, start);
    }

    private Future<Tail> open(String name, Optional<String> shard, Start start) {
        return onContext(() -> engine.liveTails().open(name, shard, start));
    }

    /** Subscribes on the tail's context and completes with the first {@code count} items. */
    private <T> Future<List<T>> collect(Flux<T> items, int count) {
        return onContext(() -> Future.fromCompletionStage(items.take(count).collectList().toFuture(), context));
    }

    private <T> Future<T> onContext(Supplier<Future<T>> work) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(ignored -> work.get().onComplete(promise));
        return promise.future();
    }

    private PutEntry to(int shard, String data) {
        return new PutEntry("key-" + data, data.getBytes(StandardCharsets.UTF_8), stream.shards().get(shard).hashKeyRange().start());
    }

    private Future<List<Placed>> put(PutEntry... entries) {
        return onContext(() -> engine.records().put(stream, List.of(entries)));
    }

    private static List<String> describe(FeedEvent event) {
        if (event.shardEnd()) {
            return List.of("end of " + event.shard().id() + " -> " + event.childShards().stream().map(ShardState::id).toList());
        }
        return data(event.records());
    }

    private static List<String> data(List<LogRecord> records) {
        return records.stream().map(record -> new String(record.data(), StandardCharsets.UTF_8)).toList();
    }
}
