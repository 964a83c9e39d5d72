package io.tributary.engine.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.InMemoryShardLog;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.owner.Owner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cluster replica catching up copies another replica's records into its shard log: each record
 * keeps its position, arrival time, key, data and whether it was encrypted; records it already holds
 * are skipped; and a log that would have a gap refuses the copy instead of misplacing records.
 */
@ExtendWith(VertxExtension.class)
class ShardHandleCopyTest {
    private static final Optional<String> KEY = Optional.of("arn:aws:kms:us-east-1:000000000000:key/copy");

    private final Owner owner = new Owner("shards-copy");
    private final InMemoryShardLog log = new InMemoryShardLog();
    private ShardHandle handle;

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        await(vertx.deployVerticle(owner));
        handle = new ShardHandle(owner, log, Clock.systemUTC(), false);
    }

    @Test
    void shouldKeepEachCopiedRecordsArrivalTimeAndEncryptionAndSkipWhatItHolds() throws Exception {
        await(handle.applyAppend(0, List.of(new AppendEntry("k", bytes("held"))), 100, Optional.empty()));

        long end = await(handle.applyCopied(List.of(
            record(0, 100, "held", false),
            record(1, 200, "first", false),
            record(2, 200, "second", true),
            record(3, 300, "third", true)), KEY));

        assertEquals(4, end);
        List<LogRecord> held = await(handle.read(0, 10, Long.MAX_VALUE, Long.MAX_VALUE)).records();
        assertEquals(List.of("held", "first", "second", "third"), held.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList());
        assertEquals(List.of(100L, 200L, 200L, 300L), held.stream().map(LogRecord::arrivalMillis).toList());
        assertEquals(List.of(false, false, true, true), held.stream().map(LogRecord::encrypted).toList());
    }

    @Test
    void shouldRefuseACopyThatWouldLeaveAGap() throws Exception {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> await(handle.applyCopied(List.of(record(5, 100, "later", false)), Optional.empty())));

        assertTrue(refused.getCause() instanceof IllegalStateException, refused.getCause().toString());
        assertEquals(0, log.endPosition());
    }

    @Test
    void shouldRestartEmptyBeyondItsEndAndTakeCopiesFromThere() throws Exception {
        await(handle.applyAppend(0, List.of(new AppendEntry("k", bytes("expired"))), 100, Optional.empty()));

        await(handle.restartAt(40));
        await(handle.applyCopied(List.of(record(40, 500, "kept", false)), Optional.empty()));

        List<LogRecord> held = await(handle.read(0, 10, Long.MAX_VALUE, Long.MAX_VALUE)).records();
        assertEquals(1, held.size());
        assertEquals(40, held.get(0).position());
        assertEquals("kept", new String(held.get(0).data(), StandardCharsets.UTF_8));
    }

    private static LogRecord record(long position, long arrivalMillis, String data, boolean encrypted) {
        return new LogRecord(position, arrivalMillis, "key-" + data, bytes(data), encrypted);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
