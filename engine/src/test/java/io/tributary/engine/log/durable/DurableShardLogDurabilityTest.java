package io.tributary.engine.log.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * When appends are acknowledged and become readable. The worker that runs the log's fsyncs is
 * observed: every task it is handed is a flush here, and holding it keeps a flush in flight for as
 * long as a test needs, so group commit is asserted exactly, not timed.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogDurabilityTest {
    @TempDir
    Path root;
    private ShardLogFixture log;

    /** What one owner task saw: a read made right after an append, and the append's durable future. */
    private record AppendSeen(long position, ReadBatch readRightAfter, Future<Void> durable) {
    }

    @AfterEach
    void close() {
        log.close();
    }

    // FSYNC: acknowledged, and readable, once an fsync covers the record.

    @Test
    void shouldNotShowAnAppendToReadersUntilAFlushHasMadeItDurable(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);

        AppendSeen seen = appendAndReadInOneTask(0);

        assertTrue(seen.readRightAfter().records().isEmpty());
        assertEquals(0, seen.readRightAfter().endPosition(), "readers are told the end of what is durable");
        assertEquals(1, (long) log.call(DurableShardLog::endPosition), "appenders are told the next position");
        ShardLogFixture.await(seen.durable());
        List<LogRecord> records = log.read(0, 10, Long.MAX_VALUE).records();
        assertEquals(1, records.size());
        log.assertAppendedRecords(0, records);
    }

    @Test
    void shouldCompleteWhenDurableOnlyAfterTheFlushCompletes(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.worker.hold();

        Future<Void> durable = appendAndReadInOneTask(0).durable();

        assertEquals(1, log.worker.submitted(), "whenDurable started a flush");
        assertFalse(log.<Boolean>call(l -> durable.isComplete()), "not durable while the flush is in flight");
        assertTrue(log.read(0, 10, Long.MAX_VALUE).records().isEmpty());
        log.worker.release();
        ShardLogFixture.await(durable);
        assertEquals(1, log.read(0, 10, Long.MAX_VALUE).records().size());
    }

    @Test
    void shouldAcknowledgeEveryAppendMadeDuringAFlushWithOneMoreFlush(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.worker.hold();
        List<Future<Void>> durable = new ArrayList<>();
        durable.add(appendAndReadInOneTask(0).durable());

        for (int i = 1; i <= 50; i++) {
            durable.add(appendAndReadInOneTask(i).durable());
        }

        assertTrue(log.<Boolean>call(l -> durable.stream().noneMatch(Future::isComplete)), "all wait for the flush in flight");
        assertEquals(1, log.worker.submitted(), "one flush at a time");
        log.worker.release();
        durable.forEach(ShardLogFixture::await);
        assertEquals(2, log.worker.submitted(), "the second flush covered all 50 later appends");
        List<LogRecord> records = log.readAll();
        assertEquals(51, records.size());
        log.assertAppendedRecords(0, records);
    }

    @Test
    void shouldCompleteAtOnceForRecordsAlreadyDurable(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.appendDurably(TestRecords.records(0, 3), 1000);
        int flushes = log.worker.submitted();

        boolean completeAtOnce = log.call(l -> l.whenDurable(l.endPosition()).succeeded() && l.whenDurable(1).succeeded());

        assertTrue(completeAtOnce);
        assertEquals(flushes, log.worker.submitted(), "no flush for what is already durable");
    }

    @Test
    void shouldFailWaitingAppendsWithInternalFailureWhenAFlushFailsAndFlushAgainOnTheNextWait(Vertx vertx)
        throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.worker.failNext();

        Future<Void> durable = appendAndReadInOneTask(0).durable();

        KinesisException failure = assertThrows(KinesisException.class, () -> ShardLogFixture.await(durable));
        assertEquals(ErrorCode.INTERNAL_FAILURE, failure.code());
        assertTrue(log.read(0, 10, Long.MAX_VALUE).records().isEmpty(), "a record whose flush failed is not read");
        ShardLogFixture.await(log.call(l -> l.whenDurable(l.endPosition())));
        assertEquals(2, log.worker.submitted());
    }

    // INTERVAL: acknowledged and readable at once, flushed in the background.

    @Test
    void shouldShowAnAppendToReadersAtOnceAndCallItDurableInIntervalMode(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.INTERVAL, 4096);

        AppendSeen seen = appendAndReadInOneTask(0);

        assertEquals(1, seen.readRightAfter().records().size());
        log.assertAppendedRecords(0, seen.readRightAfter().records());
        assertTrue(seen.durable().succeeded(), "durable as soon as whenDurable returned");
    }

    @Test
    void shouldFlushInTheBackgroundInIntervalMode(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.INTERVAL, 4096, 5);

        appendAndReadInOneTask(0);

        ShardLogFixture.eventually("a background flush", () -> log.worker.submitted() == 1);
    }

    @Test
    void shouldForceEveryAppendToDiskOnRequestInIntervalMode(Vertx vertx) throws IOException {
        // a long interval, so that only force() can have started the flush
        log = ShardLogFixture.open(vertx, root, Durability.INTERVAL, 4096, 60_000);
        appendAndReadInOneTask(0);
        appendAndReadInOneTask(1);
        log.worker.hold();

        Future<Void> forced = log.call(DurableShardLog::force);

        assertEquals(1, log.worker.submitted(), "force started a flush");
        assertFalse(log.<Boolean>call(l -> forced.isComplete()), "not forced while the flush is in flight");
        log.worker.release();
        ShardLogFixture.await(forced);
        assertTrue(log.<Boolean>call(l -> l.force().succeeded()), "nothing more to force: done at once");
        assertEquals(1, log.worker.submitted(), "no flush for what is already on disk");
    }

    /** Appends one record, reads from 0 and asks when the record is durable, all in one owner task. */
    private AppendSeen appendAndReadInOneTask(long seed) {
        List<AppendEntry> entries = TestRecords.records(seed, 1);
        AppendSeen seen = log.call(l -> {
            long position = l.append(entries, 1000);
            return new AppendSeen(position, l.read(0, 100, Long.MAX_VALUE), l.whenDurable(l.endPosition()));
        });
        log.remember(seen.position(), entries, 1000);
        return seen;
    }
}
