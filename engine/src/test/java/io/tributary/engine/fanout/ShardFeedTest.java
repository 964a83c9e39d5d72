package io.tributary.engine.fanout;

import static io.tributary.engine.EngineAssertions.succeedsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.Engine;
import io.tributary.engine.TestClock;
import io.tributary.engine.TestConfigs;
import io.tributary.engine.flow.ContextScheduler;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.records.PutEntry;
import io.tributary.engine.stream.NewStream;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One shard's feed on a running engine, read from a Vert.x context. */
@ExtendWith(VertxExtension.class)
class ShardFeedTest {
    private static final int RECORDS = 200;
    /** Fast and one record per event, so that a few hundred events take no time. */
    private static final ShardFeed.Settings ONE_PER_EVENT = new ShardFeed.Settings(1L << 30, Duration.ofSeconds(3), 1, 1024);

    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:00Z"));
    private Engine engine;
    private StreamState stream;

    @BeforeEach
    void startEngineWithOneShardOfRecords(Vertx vertx, VertxTestContext testContext) {
        Engine.start(vertx, TestConfigs.config(clock))
            .compose(started -> {
                engine = started;
                return engine.streams().create(new NewStream("s", 1, StreamMode.PROVISIONED, new TreeMap<>(),
                    Limits.DEFAULT_MAX_RECORD_SIZE_KIB));
            })
            .compose(created -> {
                stream = created;
                List<PutEntry> entries = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    entries.add(new PutEntry("k", ("record " + i).getBytes(StandardCharsets.UTF_8), created.shards().get(0).hashKeyRange().start()));
                }
                return engine.records().put(created, entries);
            })
            .onComplete(succeedsWith(testContext, placed -> assertEquals(RECORDS, placed.size())));
    }

    /**
     * A feed may run for hours, so it must not keep what it has delivered: once the last event is
     * in, the records of all the earlier ones are garbage, while the feed still runs. (A depth-first
     * expansion of the reads kept every one.)
     */
    @Test
    void shouldLetGoOfTheEventsItHasDeliveredWhileItRuns(Vertx vertx, VertxTestContext testContext) {
        Context context = vertx.getOrCreateContext();
        List<WeakReference<List<LogRecord>>> delivered = new ArrayList<>();
        Promise<Void> all = Promise.promise();
        context.runOnContext(ignored -> ShardFeed.events(() -> engine.streams().require("s"), stream.shards().get(0).id(), 0,
                ONE_PER_EVENT, new ContextScheduler(context), clock)
            .filter(event -> !event.records().isEmpty())
            .subscribe(event -> {
                delivered.add(new WeakReference<>(event.records()));
                if (delivered.size() == RECORDS) {
                    all.complete();
                }
            }));
        all.future().onComplete(testContext.succeeding(done -> testContext.verify(() -> {
            List<WeakReference<List<LogRecord>>> earlier = delivered.subList(0, RECORDS - 10);
            for (int attempt = 0; attempt < 20 && collected(earlier) < earlier.size(); attempt++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(earlier.size(), collected(earlier));
            testContext.completeNow();
        })));
    }

    private static long collected(List<WeakReference<List<LogRecord>>> references) {
        return references.stream().filter(reference -> reference.get() == null).count();
    }
}
