package io.tributary.engine.stream;

import static io.tributary.engine.EngineAssertions.failsWith;
import static io.tributary.engine.EngineAssertions.succeedsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.Engine;
import io.tributary.engine.EngineConfig;
import io.tributary.engine.TestClock;
import io.tributary.engine.TestConfigs;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.model.StreamStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StreamCatalogTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration CREATE_DELAY = Duration.ofMillis(50);
    /** Long enough that the status read right after DeleteStream answers comes before the timer, even on a busy machine. */
    private static final Duration DELETE_DELAY = Duration.ofMillis(200);

    private final TestClock clock = new TestClock(NOW);

    @Test
    void shouldCreateAnActiveStreamSplitEvenlyIntoShards(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.config(clock))
            .compose(engine -> engine.streams().create(provisioned("orders", 3)).map(created -> engine.streams().require("orders")))
            .onComplete(succeedsWith(testContext, stream -> {
                assertEquals(StreamStatus.ACTIVE, stream.status());
                assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/orders", stream.arn());
                assertEquals(NOW.toEpochMilli(), stream.createdMillis());
                assertEquals(Limits.DEFAULT_RETENTION_HOURS, stream.retentionHours());
                assertEquals(3, stream.shards().size());
                for (int i = 0; i < 3; i++) {
                    ShardState shard = stream.shards().get(i);
                    assertEquals(new ShardId(i), shard.id());
                    assertEquals(HashKeyRange.evenSplit(3).get(i), shard.hashKeyRange());
                    assertTrue(shard.isOpen());
                }
            }));
    }

    @Test
    void shouldRejectASecondStreamWithTheSameName(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.config(clock))
            .compose(engine -> engine.streams().create(provisioned("s", 1)).compose(first -> engine.streams().create(provisioned("s", 2))))
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_IN_USE, "Stream s under account 000000000000 already exists."));
    }

    @Test
    void shouldKeepTheFirstStreamWhenASecondWithItsNameIsRejected(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.config(clock))
            .compose(engine -> engine.streams().create(provisioned("s", 1))
                .compose(first -> engine.streams().create(provisioned("s", 2)))
                .transform(second -> Future.succeededFuture(engine.streams().require("s"))))
            .onComplete(succeedsWith(testContext, stream -> assertEquals(1, stream.shards().size())));
    }

    @Test
    void shouldRejectAStreamThatWouldPassTheAccountShardLimit(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.withShardLimit(clock, 10))
            .compose(engine -> engine.streams().create(provisioned("a", 6)).compose(a -> engine.streams().create(provisioned("b", 5))))
            .onComplete(failsWith(testContext, ErrorCode.LIMIT_EXCEEDED, "This request would exceed the shard limit for the"
                + " account 000000000000 in us-east-1. Current shard count for the account: 6. Limit: 10. Number of"
                + " additional shards that would have resulted from this request: 5. Refer to the AWS Service Limits page"
                + " (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to"
                + " request higher limits."));
    }

    @Test
    void shouldCreateStreamsUpToExactlyTheShardLimit(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.withShardLimit(clock, 10))
            .compose(engine -> engine.streams().create(provisioned("a", 6)).compose(a -> engine.streams().create(provisioned("b", 4))))
            .onComplete(succeedsWith(testContext, b -> assertEquals(StreamStatus.ACTIVE, b.status())));
    }

    @Test
    void shouldGiveDeletedStreamsShardsBackToTheLimit(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.withShardLimit(clock, 10))
            .compose(engine -> engine.streams().create(provisioned("a", 6))
                .compose(a -> engine.streams().delete("a", false))
                .compose(deleted -> engine.streams().create(provisioned("b", 10))))
            .onComplete(succeedsWith(testContext, b -> assertEquals(10, b.openShardCount())));
    }

    @Test
    void shouldAnswerAnUnknownStreamWithResourceNotFound(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.config(clock))
            .map(engine -> engine.streams().require("nope"))
            .onComplete(failsWith(testContext, ErrorCode.RESOURCE_NOT_FOUND, "Stream nope under account 000000000000 not found."));
    }

    @Test
    void shouldKeepAStreamCreatingUntilTheCreateDelayPasses(Vertx vertx, VertxTestContext testContext) {
        AtomicLong requestedNanos = new AtomicLong();
        start(vertx, TestConfigs.withDelays(clock, CREATE_DELAY, Duration.ZERO))
            .compose(engine -> {
                requestedNanos.set(System.nanoTime());
                return engine.streams().create(provisioned("s", 1))
                    .map(created -> assertStatus(StreamStatus.CREATING, created))
                    .compose(creating -> firstSeenActive(vertx, engine.streams()));
            })
            .onComplete(succeedsWith(testContext, activeNanos -> assertTrue(
                Duration.ofNanos(activeNanos - requestedNanos.get()).compareTo(CREATE_DELAY) >= 0,
                "ACTIVE only once the create delay has passed")));
    }

    @Test
    void shouldNotReviveAStreamDeletedWhileItWasCreating(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.withDelays(clock, CREATE_DELAY, Duration.ofHours(1)))
            .compose(engine -> engine.streams().create(provisioned("s", 1))
                .compose(creating -> engine.streams().delete("s", false))
                .compose(deleting -> afterMetadataTimersDueWithin(vertx, engine.streams(), CREATE_DELAY))
                .map(createTimerFired -> engine.streams().require("s")))
            .onComplete(succeedsWith(testContext, stream -> assertEquals(StreamStatus.DELETING, stream.status())));
    }

    @Test
    void shouldKeepADeletedStreamDeletingUntilTheDeleteDelayPasses(Vertx vertx, VertxTestContext testContext) {
        start(vertx, TestConfigs.withDelays(clock, Duration.ZERO, DELETE_DELAY))
            .compose(engine -> engine.streams().create(provisioned("s", 1))
                .compose(created -> engine.streams().delete("s", false))
                .map(deleting -> assertStatus(StreamStatus.DELETING, engine.streams().require("s")))
                .compose(deleting -> afterMetadataTimersDueWithin(vertx, engine.streams(), DELETE_DELAY))
                .map(deleteTimerFired -> engine.streams().snapshot().stream("s")))
            .onComplete(succeedsWith(testContext, gone -> assertEquals(Optional.empty(), gone)));
    }

    private static Future<Engine> start(Vertx vertx, EngineConfig config) {
        return Engine.start(vertx, config);
    }

    private static NewStream provisioned(String name, int shards) {
        return new NewStream(name, shards, StreamMode.PROVISIONED, new TreeMap<>(), Limits.DEFAULT_MAX_RECORD_SIZE_KIB);
    }

    private static StreamState assertStatus(StreamStatus expected, StreamState stream) {
        assertEquals(expected, stream.status());
        return stream;
    }

    /** Polls the catalog and completes with the {@link System#nanoTime()} at which the stream was first ACTIVE. */
    private static Future<Long> firstSeenActive(Vertx vertx, StreamCatalog streams) {
        Promise<Long> active = Promise.promise();
        vertx.setPeriodic(1, 5, timer -> {
            if (streams.require("s").status() == StreamStatus.ACTIVE && active.tryComplete(System.nanoTime())) {
                vertx.cancelTimer(timer);
            }
        });
        return active.future();
    }

    /**
     * Completes once every timer the metadata owner set so far to fire within {@code delay} has fired,
     * and the changes those timers started are stored: a timer set on the owner's event loop with that
     * delay now is due after all of them and runs after them, and a change started then runs after theirs.
     */
    private static Future<Void> afterMetadataTimersDueWithin(Vertx vertx, StreamCatalog streams, Duration delay) {
        Promise<Void> fired = Promise.promise();
        return streams.change(catalog -> {
            vertx.setTimer(delay.toMillis(), timer -> fired.complete());
            return new StreamCatalog.Change<Void>(catalog, null);
        }).compose(timerSet -> fired.future())
            .compose(timersFired -> streams.change(catalog -> new StreamCatalog.Change<Void>(catalog, null)));
    }
}
