package io.tributary.engine.metrics;

import static io.tributary.engine.EngineAssertions.succeedsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.engine.Engine;
import io.tributary.engine.TestClock;
import io.tributary.engine.TestConfigs;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.model.ShardLevelMetric;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.records.PutEntry;
import io.tributary.engine.stream.NewStream;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine's meters follow its catalog: registered when a stream, shard or consumer appears,
 * removed when it goes, shard-level only for the enabled metrics; and the data plane moves them by
 * exactly what it puts and reads.
 */
@ExtendWith(VertxExtension.class)
class EngineMetricsTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Engine engine;

    @BeforeEach
    void startEngine(Vertx vertx, VertxTestContext testContext) {
        Engine.start(vertx, TestConfigs.config(clock), registry).onComplete(succeedsWith(testContext, started -> engine = started));
    }

    @Test
    void shouldRegisterEveryStreamLevelMeterWhenAStreamIsCreated(VertxTestContext testContext) {
        create("orders", 2).onComplete(succeedsWith(testContext, stream -> {
            for (EngineMeter meter : EngineMeter.values()) {
                if (meter.scope() == EngineMeter.Scope.STREAM) {
                    assertNotNull(registry.find(meter.meterName()).tag(EngineMeter.STREAM_TAG, "orders").meter(), meter.name());
                }
            }
            assertEquals(0, registry.find("kinesis.shard.incoming.bytes").meters().size());
        }));
    }

    @Test
    void shouldCountPutRecordAndPutRecordsByTheirRecordsAndBytes(VertxTestContext testContext) {
        create("orders", 2)
            .compose(stream -> engine.records().putRecord(stream, entry(stream, "k1", "hello"))
                .compose(placed -> engine.records().putRecords(stream, List.of(entry(stream, "k2", "ab"), entry(stream, "key3", "xyz"))))
                .map(stream))
            .onComplete(succeedsWith(testContext, stream -> {
                assertEquals(3, counter("kinesis.incoming.records", "orders"));
                assertEquals(2 + 5 + 2 + 2 + 4 + 3, counter("kinesis.incoming.bytes", "orders"));
                assertEquals(1, counter("kinesis.put.record.success", "orders"));
                assertEquals(7, counter("kinesis.put.record.bytes", "orders"));
                assertEquals(1, counter("kinesis.put.records.success", "orders"));
                assertEquals(2, counter("kinesis.put.records.records", "orders"));
                assertEquals(2 + 2 + 4 + 3, counter("kinesis.put.records.bytes", "orders"));
                assertEquals(1, timer("kinesis.put.record.latency", "orders").count());
                assertEquals(1, timer("kinesis.put.records.latency", "orders").count());
                assertEquals(0, counter("kinesis.put.records.failed.records", "orders"));
                assertEquals(0, counter("kinesis.write.provisioned.throughput.exceeded", "orders"));
            }));
    }

    @Test
    void shouldCountGetRecordsAndRecordTheIteratorAge(VertxTestContext testContext) {
        create("orders", 1)
            .compose(stream -> engine.records().putRecords(stream, List.of(entry(stream, "a", "1234"), entry(stream, "b", "56")))
                .compose(placed -> engine.records().shardIterator(stream, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON,
                    Optional.empty(), OptionalLong.empty()))
                .compose(iterator -> engine.records().getRecords(iterator, 1))
                .compose(read -> engine.records().getRecords(read.nextIterator().orElseThrow(), 10)))
            .onComplete(succeedsWith(testContext, read -> {
                assertEquals(2, counter("kinesis.get.records.success", "orders"));
                assertEquals(2, counter("kinesis.get.records.records", "orders"));
                assertEquals(1 + 4 + 1 + 2, counter("kinesis.get.records.bytes", "orders"));
                assertEquals(2, timer("kinesis.get.records.latency", "orders").count());
                DistributionSummary age = registry.find("kinesis.get.records.iterator.age")
                    .tag(EngineMeter.STREAM_TAG, "orders").summary();
                assertEquals(2, age.count());
                assertEquals(0, age.max());
            }));
    }

    @Test
    void shouldRegisterShardMetersOnlyForTheEnabledMetricsAndRemoveThemWhenDisabled(VertxTestContext testContext) {
        create("orders", 3)
            .compose(stream -> enhance("orders", EnumSet.of(ShardLevelMetric.INCOMING_BYTES, ShardLevelMetric.ITERATOR_AGE_MILLISECONDS)))
            .compose(enhanced -> engine.records().putRecord(enhanced, entry(enhanced, "k", "data")).map(enhanced))
            .onComplete(testContext.succeeding(enhanced -> testContext.verify(() -> {
                assertEquals(3, registry.find("kinesis.shard.incoming.bytes").meters().size());
                assertEquals(3, registry.find("kinesis.shard.iterator.age").meters().size());
                assertEquals(0, registry.find("kinesis.shard.incoming.records").meters().size());
                double shardBytes = registry.find("kinesis.shard.incoming.bytes").counters().stream().mapToDouble(Counter::count).sum();
                assertEquals(5, shardBytes);
                enhance("orders", Set.of()).onComplete(succeedsWith(testContext, disabled -> {
                    assertEquals(0, registry.find("kinesis.shard.incoming.bytes").meters().size());
                    assertEquals(0, registry.find("kinesis.shard.iterator.age").meters().size());
                }));
            })));
    }

    @Test
    void shouldKeepTheCountOfAShardMetricWhenAnotherIsEnabled(VertxTestContext testContext) {
        create("orders", 1)
            .compose(stream -> enhance("orders", EnumSet.of(ShardLevelMetric.INCOMING_RECORDS)))
            .compose(enhanced -> engine.records().putRecord(enhanced, entry(enhanced, "k", "data")))
            .compose(placed -> enhance("orders", EnumSet.of(ShardLevelMetric.INCOMING_RECORDS, ShardLevelMetric.OUTGOING_BYTES)))
            .onComplete(succeedsWith(testContext, enhanced -> {
                assertEquals(1, registry.get("kinesis.shard.incoming.records").tag(EngineMeter.STREAM_TAG, "orders").counter().count());
                assertNotNull(registry.find("kinesis.shard.outgoing.bytes").tag(EngineMeter.STREAM_TAG, "orders").counter());
            }));
    }

    @Test
    void shouldRemoveTheMetersOfAShardThatLeavesTheStream(VertxTestContext testContext) {
        create("orders", 2)
            .compose(stream -> enhance("orders", EnumSet.allOf(ShardLevelMetric.class)))
            .compose(enhanced -> engine.streams().update("orders", current -> new StreamState(current.name(), current.arn(),
                current.status(), current.mode(), current.createdMillis(), current.retentionHours(), current.maxRecordSizeKiB(),
                current.tags(), current.shards().subList(0, 1), current.router(), current.consumers(), current.enhancedMetrics())))
            .onComplete(succeedsWith(testContext, expired -> {
                assertNotNull(registry.find("kinesis.shard.incoming.bytes").tag(EngineMeter.SHARD_TAG, "shardId-000000000000").counter());
                assertNull(registry.find("kinesis.shard.incoming.bytes").tag(EngineMeter.SHARD_TAG, "shardId-000000000001").counter());
            }));
    }

    @Test
    void shouldRemoveEveryMeterOfADeletedStreamAndStartAfreshForANewStreamOfTheSameName(VertxTestContext testContext) {
        create("orders", 1)
            .compose(stream -> enhance("orders", EnumSet.allOf(ShardLevelMetric.class)))
            .compose(enhanced -> engine.records().putRecord(enhanced, entry(enhanced, "k", "data")).map(enhanced))
            .compose(enhanced -> engine.fanOut().register(enhanced, "reader"))
            .compose(consumer -> engine.streams().delete("orders", true))
            .onComplete(testContext.succeeding(deleted -> testContext.verify(() -> {
                assertEquals(List.of(), metersOf("orders"));
                create("orders", 1).onComplete(succeedsWith(testContext, recreated -> {
                    assertEquals(0, counter("kinesis.incoming.records", "orders"));
                    assertEquals(0, registry.find("kinesis.shard.incoming.bytes").meters().size());
                }));
            })));
    }

    @Test
    void shouldRegisterTheMetersOfAConsumerAndRemoveThemWhenItIsDeregistered(VertxTestContext testContext) {
        create("orders", 1)
            .compose(stream -> engine.fanOut().register(stream, "reader"))
            .onComplete(testContext.succeeding(consumer -> testContext.verify(() -> {
                assertNotNull(registry.find("kinesis.subscribe.to.shard.success").tag(EngineMeter.CONSUMER_TAG, "reader").counter());
                engine.fanOut().deregister(engine.fanOut().consumer(consumer.arn())).onComplete(succeedsWith(testContext, gone ->
                    assertNull(registry.find("kinesis.subscribe.to.shard.success").tag(EngineMeter.CONSUMER_TAG, "reader").counter())));
            })));
    }

    @Test
    void shouldRecordNothingForAStreamTheCatalogNoLongerHolds(VertxTestContext testContext) {
        create("orders", 1)
            .compose(stream -> engine.streams().delete("orders", false).map(stream))
            .onComplete(succeedsWith(testContext, stale -> {
                engine.metrics().stream(stale).incoming(stale.shards().get(0).id(), 1, 10);
                assertEquals(List.of(), metersOf("orders"));
            }));
    }

    @Test
    void shouldKeepCheapPerShardTotalsForTheConsoleWithoutRegisteringShardSeries(VertxTestContext testContext) {
        create("orders", 2)
            .compose(stream -> engine.records().putRecords(stream,
                    List.of(entry(stream, "k1", "hello"), entry(stream, "k2", "ab"), entry(stream, "key3", "xyz")))
                .map(stream))
            .onComplete(succeedsWith(testContext, stream -> {
                StreamMeters.Reading reading = engine.metrics().stream(stream).read();
                assertEquals(3, reading.incomingRecords());
                assertEquals(2 + 5 + 2 + 2 + 4 + 3, reading.incomingBytes());
                assertEquals(2, reading.shards().size());
                assertEquals(3, reading.shards().values().stream().mapToLong(ShardCounters.Reading::incomingRecords).sum());
                assertEquals(reading.incomingBytes(),
                    reading.shards().values().stream().mapToLong(ShardCounters.Reading::incomingBytes).sum());
                assertEquals(0, registry.find("kinesis.shard.incoming.records").meters().size());
            }));
    }

    private Future<StreamState> create(String name, int shards) {
        return engine.streams().create(new NewStream(name, shards, StreamMode.PROVISIONED, new TreeMap<>(),
            Limits.DEFAULT_MAX_RECORD_SIZE_KIB));
    }

    private Future<StreamState> enhance(String name, Set<ShardLevelMetric> metrics) {
        return engine.streams().update(name, current -> current.withEnhancedMetrics(metrics));
    }

    private static PutEntry entry(StreamState stream, String key, String data) {
        return new PutEntry(key, data.getBytes(StandardCharsets.UTF_8), stream.shards().get(0).hashKeyRange().start());
    }

    private double counter(String name, String stream) {
        return registry.get(name).tag(EngineMeter.STREAM_TAG, stream).counter().count();
    }

    private Timer timer(String name, String stream) {
        return registry.get(name).tag(EngineMeter.STREAM_TAG, stream).timer();
    }

    private List<String> metersOf(String stream) {
        return registry.getMeters().stream()
            .filter(meter -> stream.equals(meter.getId().getTag(EngineMeter.STREAM_TAG)))
            .map(Meter::getId)
            .map(Meter.Id::getName)
            .toList();
    }
}
