package io.tributary.engine.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.InMemoryShardLog;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.log.ShardLog;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.replication.RemoteShard;
import io.tributary.engine.replication.ShardReplication;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cluster replica whose shard log refuses an agreed append (as a full disk makes it) keeps that
 * append and the ones after it, in order, and applies them once the log takes writes again: none is
 * skipped, none overtakes another, and the shard's group is told while they wait. Meanwhile its
 * GetRecords reads are asked of the group, whose leader has the writes.
 */
@ExtendWith(VertxExtension.class)
class ShardHandleStallTest {
    private final Owner owner = new Owner("shards-stall");
    private final InMemoryShardLog stored = new InMemoryShardLog();
    private final AtomicBoolean full = new AtomicBoolean();
    /** The log as the handle sees it: appends fail, and leave it as it was, while {@link #full}. */
    private final ShardLog log = (ShardLog) Proxy.newProxyInstance(ShardLog.class.getClassLoader(), new Class<?>[] {ShardLog.class},
        (proxy, method, arguments) -> {
            if (method.getName().equals("append") && full.get()) {
                throw ErrorCode.INTERNAL_FAILURE.exception(null);
            }
            try {
                return method.invoke(stored, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    private final List<Boolean> toldStalled = new CopyOnWriteArrayList<>();
    /** The log of the group's leader, which took the agreed appends; what {@link Group#groupReads} reads. */
    private final InMemoryShardLog leaderLog = new InMemoryShardLog();
    private final AtomicInteger askedOfGroup = new AtomicInteger();
    private ShardHandle handle;

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        await(vertx.deployVerticle(owner));
        handle = new ShardHandle(owner, log, Clock.systemUTC(), false, Optional.of(new Group()));
    }

    @Test
    void shouldApplyRefusedAgreedAppendsInOrderOnceTheLogTakesThem() throws Exception {
        full.set(true);
        Future<Long> first = handle.applyAppend(0, List.of(entry("a1"), entry("a2")), 100, Optional.empty());
        Future<Long> second = handle.applyAppend(2, List.of(entry("b1")), 200, Optional.empty());
        Future<Long> third = handle.applyAppend(3, List.of(entry("c1")), 300, Optional.empty());

        Thread.sleep(700);
        assertFalse(first.isComplete() || second.isComplete() || third.isComplete(), "nothing is answered while the log refuses");
        assertEquals(0, stored.endPosition());
        assertEquals(List.of(true), toldStalled);

        full.set(false);
        assertEquals(0L, await(first));
        assertEquals(2L, await(second));
        assertEquals(3L, await(third));
        List<LogRecord> held = await(handle.read(0, 10, Long.MAX_VALUE, Long.MAX_VALUE)).records();
        assertEquals(List.of("a1", "a2", "b1", "c1"), held.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L), held.stream().map(LogRecord::position).toList());
        assertEquals(List.of(true, false), toldStalled);

        assertEquals(4L, await(handle.applyAppend(4, List.of(entry("d1")), 400, Optional.empty())), "later appends go straight in");
    }

    @Test
    void shouldFailTheWaitingAppendsWhenTheShardIsDestroyed() throws Exception {
        full.set(true);
        Future<Long> waiting = handle.applyAppend(0, List.of(entry("a1")), 100, Optional.empty());
        await(handle.destroy());

        assertTrue(waiting.failed(), "an append waiting on a deleted shard is not left hanging");
        assertEquals(List.of(true, false), toldStalled);
    }

    @Test
    void shouldAskTheGroupForGetRecordsWhileAgreedAppendsWait() throws Exception {
        leaderLog.append(List.of(entry("a1"), entry("a2")), 100);
        full.set(true);
        Future<Long> waiting = handle.applyAppend(0, List.of(entry("a1"), entry("a2")), 100, Optional.empty());

        ReadBatch whileStalled = await(handle.readWithinQuota(0, 10, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(List.of("a1", "a2"), data(whileStalled), "the group's leader answers with the writes this replica lacks");
        assertEquals(1, askedOfGroup.get());

        full.set(false);
        assertEquals(0L, await(waiting));
        ReadBatch afterwards = await(handle.readWithinQuota(0, 10, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(List.of("a1", "a2"), data(afterwards));
        assertEquals(1, askedOfGroup.get(), "once caught up, the replica answers from its own log");
    }

    private static List<String> data(ReadBatch batch) {
        return batch.records().stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList();
    }

    private static AppendEntry entry(String data) {
        return new AppendEntry("k", data.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The shard's group as the handle tells it; its reads come from {@link #leaderLog}. */
    private final class Group implements ShardReplication {
        @Override
        public Future<AppendResult> append(List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<long[]> offeredWrites() {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<Long> seal() {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<Void> readBarrier() {
            return Future.succeededFuture();
        }

        @Override
        public void applyStalled(boolean stalled) {
            toldStalled.add(stalled);
        }

        @Override
        public RemoteShard groupReads() {
            return new RemoteShard() {
                @Override
                public Future<ReadBatch> read(long fromPosition, int maxRecords, long maxBytes, long retentionMillis) {
                    askedOfGroup.incrementAndGet();
                    return Future.succeededFuture(leaderLog.read(fromPosition, maxRecords, maxBytes));
                }

                @Override
                public Future<Long> trimHorizon(long retentionMillis) {
                    return Future.failedFuture(new UnsupportedOperationException());
                }

                @Override
                public Future<Long> endPosition() {
                    return Future.succeededFuture(leaderLog.endPosition());
                }

                @Override
                public Future<Long> positionAt(long timestampMillis) {
                    return Future.failedFuture(new UnsupportedOperationException());
                }
            };
        }
    }
}
