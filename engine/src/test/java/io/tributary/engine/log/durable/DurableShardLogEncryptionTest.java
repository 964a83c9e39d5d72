package io.tributary.engine.log.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.kms.KeyPolicy;
import io.tributary.engine.kms.KeyService;
import io.tributary.engine.kms.KeyState;
import io.tributary.engine.kms.KeysFile;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.LogRecord;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records sealed at rest: plain and sealed records mixed in one segment, data keys per segment run
 * stored wrapped beside the segment, nothing sealed readable in the files, and recovery of torn
 * sealed tails and torn key files.
 */
@ExtendWith(VertxExtension.class)
class DurableShardLogEncryptionTest {
    private static final String KEY_A = "11111111-2222-4333-8444-555555555555";
    private static final String KEY_B = "66666666-7777-4888-8999-aaaaaaaaaaaa";
    private static final String ARN_PREFIX = "arn:aws:kms:us-east-1:000000000000:key/";
    private static final Optional<String> UNDER_A = Optional.of(ARN_PREFIX + KEY_A);
    private static final Optional<String> UNDER_B = Optional.of(ARN_PREFIX + KEY_B);

    @TempDir
    Path root;
    private KeyService keys;
    private ShardLogFixture log;

    @BeforeEach
    void open(Vertx vertx) throws IOException {
        KeyPolicy policy = KeyPolicy.accountRoot("000000000000");
        keys = KeyService.open("us-east-1", "000000000000", Optional.empty(), List.of(
            new KeysFile.Declared(KEY_A, List.of("alias/a"), KeyState.ENABLED, policy),
            new KeysFile.Declared(KEY_B, List.of(), KeyState.ENABLED, policy)));
        log = ShardLogFixture.open(vertx, root, Durability.FSYNC, 64 * 1024, 5, keys);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void shouldReadBackPlainAndSealedRecordsMixedInOneSegment() throws IOException {
        log.appendDurably(TestRecords.records(0, 5), 1000);
        log.appendDurably(TestRecords.records(5, 5), 1001, UNDER_A);
        log.appendDurably(TestRecords.records(10, 5), 1002, UNDER_B);
        log.appendDurably(TestRecords.records(15, 5), 1003);

        List<LogRecord> records = log.readAll();
        assertEquals(20, records.size());
        log.assertAppendedRecords(0, records);
        for (LogRecord record : records) {
            assertEquals(record.position() >= 5 && record.position() < 15, record.encrypted(), "encryption of " + record.position());
        }
        assertEquals(List.of("00000000000000000000.index", "00000000000000000000.keys", "00000000000000000000.log"),
            SegmentFiles.names(log.directory));
        assertEquals(2, SegmentKeys.load(log.directory.resolve("00000000000000000000.keys"), false).count(),
            "one data key per KMS key the segment's appends used");
    }

    @Test
    void shouldLeaveNoSealedKeyOrDataInAnyFile() throws IOException {
        List<AppendEntry> plain = TestRecords.records(0, 3);
        List<AppendEntry> sealed = TestRecords.records(100, 3);
        log.appendDurably(plain, 1000);
        log.appendDurably(sealed, 1001, UNDER_A);
        log.closeLog();

        byte[] everything = allFileBytes();
        for (AppendEntry entry : plain) {
            assertTrue(contains(everything, entry.data()), "plain records are stored as they are");
        }
        for (AppendEntry entry : sealed) {
            assertFalse(contains(everything, entry.data()), "data of " + entry.partitionKey() + " is stored sealed");
            assertFalse(contains(everything, entry.partitionKey().getBytes()), "key " + entry.partitionKey() + " is stored sealed");
        }
    }

    @Test
    void shouldReadSealedRecordsAfterReopeningAndSealLaterOnesUnderANewDataKey() throws IOException {
        log.appendDurably(TestRecords.records(0, 10), 1000, UNDER_A);
        log.closeLog();
        log.reopen();
        log.appendDurably(TestRecords.records(10, 10), 1001, UNDER_A);

        List<LogRecord> records = log.readAll();
        log.assertAppendedRecords(0, records);
        assertEquals(20, records.size());
        assertTrue(records.stream().allMatch(LogRecord::encrypted));
        assertEquals(2, SegmentKeys.load(log.directory.resolve("00000000000000000000.keys"), false).count(),
            "a restarted writer never reuses a data key, so no nonce repeats");
    }

    @Test
    void shouldCutATornSealedFrameAtRecovery() throws IOException {
        log.appendDurably(TestRecords.records(0, 10), 1000, UNDER_A);
        log.closeLog();
        Path file = SegmentFiles.logFile(log.directory, 0);
        long size = Files.size(file);
        SegmentFiles.truncate(file, size - 20);

        log.reopen();

        assertEquals(9, (long) log.call(DurableShardLog::endPosition));
        List<LogRecord> records = log.readAll();
        assertEquals(9, records.size());
        log.assertAppendedRecords(0, records);
        log.appendDurably(TestRecords.records(50, 2), 1001, UNDER_A);
        log.assertAppendedRecords(0, log.readAll());
    }

    @Test
    void shouldCutSealedFramesWhoseDataKeyWasTornFromTheKeysFile() throws IOException {
        log.appendDurably(TestRecords.records(0, 4), 1000);
        log.appendDurably(TestRecords.records(4, 6), 1001, UNDER_A);
        log.closeLog();
        SegmentFiles.truncate(log.directory.resolve("00000000000000000000.keys"), 3);

        log.reopen();

        assertEquals(4, (long) log.call(DurableShardLog::endPosition), "records naming a key never stored were never acknowledged");
        log.assertAppendedRecords(0, log.readAll());
        log.appendDurably(TestRecords.records(60, 3), 1002, UNDER_B);
        List<LogRecord> records = log.readAll();
        assertEquals(7, records.size());
        log.assertAppendedRecords(0, records);
    }

    @Test
    void shouldReadSealedSegmentsWhoseIndexWasLostAcrossRolls(Vertx vertx) throws IOException {
        log.close();
        log = ShardLogFixture.open(vertx, root.resolve("small"), Durability.FSYNC, 4096, 5, keys);
        for (int batch = 0; batch < 10; batch++) {
            log.appendDurably(TestRecords.records(batch * 8L, 8), 1000 + batch, batch % 3 == 2 ? Optional.empty() : UNDER_A);
        }
        log.closeLog();
        Files.delete(SegmentFiles.indexFile(log.directory, 0));

        log.reopen();

        List<LogRecord> records = log.readAll();
        assertEquals(80, records.size());
        log.assertAppendedRecords(0, records);
        assertTrue(SegmentFiles.names(log.directory).stream().filter(name -> name.endsWith(".keys")).count() > 1,
            "every segment keeps its own data keys");
    }

    @Test
    void shouldRefuseToSealUnderADisabledKeyAndLeaveTheLogAsItWas() {
        log.appendDurably(TestRecords.records(0, 2), 1000);
        keys.setState(KEY_A, KeyState.DISABLED);

        KinesisException refused = assertThrows(KinesisException.class,
            () -> log.call(shard -> shard.append(TestRecords.records(2, 2), 1001, UNDER_A)));

        assertEquals(ErrorCode.KMS_DISABLED, refused.code());
        assertEquals(2, (long) log.call(DurableShardLog::endPosition));
        log.assertAppendedRecords(0, log.readAll());
    }

    private byte[] allFileBytes() throws IOException {
        List<byte[]> contents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.add(Files.readAllBytes(file));
            }
        }
        int total = contents.stream().mapToInt(bytes -> bytes.length + 1).sum();
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] bytes : contents) {
            System.arraycopy(bytes, 0, all, at, bytes.length);
            at += bytes.length + 1;
        }
        return all;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
