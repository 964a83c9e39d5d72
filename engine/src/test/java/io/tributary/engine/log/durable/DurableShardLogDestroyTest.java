package io.tributary.engine.log.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.log.Durability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code destroy()}, for a deleted stream: the shard's directory goes, and nothing waits forever. */
@ExtendWith(VertxExtension.class)
class DurableShardLogDestroyTest {
    @TempDir
    Path root;
    private ShardLogFixture log;

    @BeforeEach
    void open(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void shouldDeleteTheShardDirectoryWithEverySegment() {
        log.appendBatches(100, 4, 1000);

        ShardLogFixture.await(log.destroy());

        assertFalse(Files.exists(log.directory));
        assertTrue(Files.exists(log.directory.getParent()), "only the shard's own directory is deleted");
    }

    @Test
    void shouldFailAppendsStillWaitingForAFlush() {
        log.worker.hold();
        Future<Void> durable = log.call(l -> {
            l.append(TestRecords.records(0, 1), 1000);
            return l.whenDurable(l.endPosition());
        });

        Future<Void> destroyed = log.destroy();

        assertTrue(durable.failed(), "failed as soon as destroy() returned");
        KinesisException failure = assertInstanceOf(KinesisException.class, durable.cause());
        assertEquals(ErrorCode.INTERNAL_FAILURE, failure.code());
        log.worker.release();
        ShardLogFixture.await(destroyed);
        assertFalse(Files.exists(log.directory));
    }
}
