package io.tributary.engine.log.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.log.Durability;
import io.tributary.engine.log.ReadBatch;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restartAt(p)}: a cluster replica catching up from a copy that holds nothing below
 * {@code p} (all past retention there) drops everything it holds and goes on from {@code p}. The
 * log holds 50 records in segments of 4 KB before the restart.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogRestartTest {
    @TempDir
    Path root;
    private ShardLogFixture log;

    @BeforeEach
    void open(Vertx vertx) throws IOException {
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 4096);
        log.appendBatches(50, 5, 1000);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void shouldHoldNothingAndAppendFromTheNewPosition() {
        restartAt(1234);

        assertEquals(1234, (long) log.call(DurableShardLog::startPosition));
        assertEquals(1234, (long) log.call(DurableShardLog::endPosition));
        assertEquals(-1, (long) log.call(DurableShardLog::lastArrivalMillis));
        ReadBatch empty = log.read(0, 100, Long.MAX_VALUE);
        assertEquals(List.of(), empty.records());
        assertEquals(1234, empty.nextPosition());

        log.appendBatches(7, 7, 5000);
        List<?> records = log.readAll();
        assertEquals(7, records.size());
        log.assertAppendedRecords(1234, log.readAll());
    }

    @Test
    void shouldKeepOnlyTheNewSegmentOnDiskAndComeBackFromItAfterAReopen() throws IOException {
        restartAt(1234);
        log.appendBatches(3, 3, 5000);

        assertEquals(List.of("00000000000000001234.index", "00000000000000001234.log"), SegmentFiles.names(log.directory));
        log.closeLog();
        log.reopen();
        assertEquals(1234, (long) log.call(DurableShardLog::startPosition));
        assertEquals(1237, (long) log.call(DurableShardLog::endPosition));
        log.assertAppendedRecords(1234, log.readAll());
    }

    @Test
    void shouldRefuseAPositionWithinWhatItHolds() {
        assertThrows(IllegalArgumentException.class, () -> restartAt(50));
        assertEquals(50, log.readAll().size());
    }

    private void restartAt(long position) {
        log.call(target -> {
            try {
                target.restartAt(position);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
