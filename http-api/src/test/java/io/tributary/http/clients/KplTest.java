package io.tributary.http.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The Kinesis Producer Library 1.1.1 (its native binary from the jar) puts 20,000 user records over
 * the TLS port, with aggregation on and off; the records are read back with GetRecords and
 * de-aggregated with the KCL's {@link AggregatorUtil}. Every user record must arrive exactly once,
 * on the shard that owns its hash key and that the KPL was told, at the sequence number it was told,
 * and each partition key's records in the order Tributary acknowledged them. The order of
 * acknowledgement is not always the order of {@code addUserRecord}: the KPL sends batches
 * concurrently and does not keep the submission order even with one connection and no retries
 * (amazon-kinesis-producer issue 23), as against Kinesis itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KplTest {
    private static final Logger LOG = LoggerFactory.getLogger(KplTest.class);
    private static final int USER_RECORDS = 20_000;
    private static final int PARTITION_KEYS = 97;
    private static final String WARM_UP = "warm-up";

    @TempDir
    static Path temp;
    private TestServer server;
    private KinesisClient kinesis;

    @BeforeAll
    void start() {
        server = TestServer.start("--tls-port", "0", "--durability", "interval");
        kinesis = Clients.sync(server.endpoint());
    }

    @AfterAll
    void stop() {
        kinesis.close();
        server.close();
    }

    @ParameterizedTest(name = "aggregation {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldDeliverEveryUserRecordOnceOnItsShardInOrder(boolean aggregation) throws Exception {
        String stream = "kpl-" + (aggregation ? "aggregated" : "plain");
        kinesis.createStream(request -> request.streamName(stream).shardCount(4));
        KinesisProducer producer = new KinesisProducer(configuration(aggregation));
        long startNanos = System.nanoTime();
        List<com.google.common.util.concurrent.ListenableFuture<UserRecordResult>> futures = new ArrayList<>(USER_RECORDS);
        Map<String, UserRecordResult> acknowledged = new HashMap<>();
        try {
            if (aggregation) {
                awaitShardMap(producer, stream);
                startNanos = System.nanoTime();
            }
            for (int i = 0; i < USER_RECORDS; i++) {
                String key = "key-" + (i % PARTITION_KEYS);
                futures.add(producer.addUserRecord(stream, key, ByteBuffer.wrap((key + ":" + i).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (int i = 0; i < USER_RECORDS; i++) {
                UserRecordResult result = futures.get(i).get(3, TimeUnit.MINUTES);
                assertTrue(result.isSuccessful(), () -> "attempts: " + result.getAttempts().stream()
                    .map(attempt -> attempt.getErrorCode() + " " + attempt.getErrorMessage()).toList());
                acknowledged.put("key-" + (i % PARTITION_KEYS) + ":" + i, result);
            }
        } finally {
            producer.destroy();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        LOG.info("KPL aggregation {}: {} user records acknowledged in {} s, {} user records/s", aggregation, USER_RECORDS,
            String.format("%.2f", seconds), String.format("%.0f", USER_RECORDS / seconds));

        Set<String> seen = new HashSet<>();
        Map<String, String> lastPositionByKey = new HashMap<>();
        int storedRecords = 0;
        for (Shard shard : kinesis.listShards(request -> request.streamName(stream)).shards()) {
            BigInteger low = new BigInteger(shard.hashKeyRange().startingHashKey());
            BigInteger high = new BigInteger(shard.hashKeyRange().endingHashKey());
            List<KinesisClientRecord> stored = readShard(stream, shard.shardId());
            storedRecords += stored.size();
            for (KinesisClientRecord record : new AggregatorUtil().deaggregate(stored)) {
                String text = StandardCharsets.UTF_8.decode(record.data()).toString();
                if (text.startsWith(WARM_UP)) {
                    storedRecords -= record.aggregated() ? 0 : 1;
                    continue;
                }
                String key = record.partitionKey();
                assertTrue(text.startsWith(key + ":"), text + " under " + key);
                BigInteger hash = record.explicitHashKey() == null ? md5(key) : new BigInteger(record.explicitHashKey());
                assertTrue(hash.compareTo(low) >= 0 && hash.compareTo(high) <= 0, text + " on " + shard.shardId());
                assertTrue(seen.add(text), "twice: " + text);
                UserRecordResult result = acknowledged.get(text);
                assertEquals(result.getShardId(), shard.shardId(), text);
                assertEquals(result.getSequenceNumber(), record.sequenceNumber(), text);
                String position = String.format("%040d/%010d", new BigInteger(record.sequenceNumber()), record.subSequenceNumber());
                String before = lastPositionByKey.put(key, position);
                assertTrue(before == null || before.compareTo(position) < 0, text + " at " + position + " after " + before);
            }
        }
        assertEquals(USER_RECORDS, seen.size());
        if (aggregation) {
            assertTrue(storedRecords < USER_RECORDS / 10, storedRecords + " Kinesis records for " + USER_RECORDS + " user records");
        } else {
            assertEquals(USER_RECORDS, storedRecords);
        }
    }

    /**
     * The KPL aggregates only once it has the stream's shard map (its first ListShards pages), and
     * sends what it got before unaggregated. Warm-up records, left out of the checks, go until a
     * batch of them comes back as one aggregated record.
     */
    private static void awaitShardMap(KinesisProducer producer, String stream) throws Exception {
        for (int round = 0; round < 60; round++) {
            List<com.google.common.util.concurrent.ListenableFuture<UserRecordResult>> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(producer.addUserRecord(stream, WARM_UP, ByteBuffer.wrap((WARM_UP + round + "-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            Set<String> sequences = new HashSet<>();
            for (var future : batch) {
                sequences.add(future.get(1, TimeUnit.MINUTES).getSequenceNumber());
            }
            if (sequences.size() == 1) {
                return;
            }
        }
        throw new AssertionError("the KPL never aggregated warm-up records");
    }

    private KinesisProducerConfiguration configuration(boolean aggregation) {
        int tlsPort = server.server().tlsPort().orElseThrow();
        return new KinesisProducerConfiguration()
            .setRegion("us-east-1")
            .setCredentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRIBUTARY", "secret")))
            .setKinesisEndpoint("localhost")
            .setKinesisPort(tlsPort)
            .setVerifyCertificate(false)
            .setMetricsLevel("none")
            .setAggregationEnabled(aggregation)
            .setRecordMaxBufferedTime(100)
            .setRequestTimeout(30_000)
            .setRecordTtl(120_000)
            .setLogLevel("warning")
            .setTempDirectory(temp.toString());
    }

    private List<KinesisClientRecord> readShard(String stream, String shardId) {
        List<KinesisClientRecord> records = new ArrayList<>();
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId(shardId)
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (true) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(current).limit(10_000));
            response.records().forEach(record -> records.add(KinesisClientRecord.fromRecord(record)));
            iterator = response.nextShardIterator();
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                return records;
            }
        }
    }

    private static BigInteger md5(String partitionKey) throws NoSuchAlgorithmException {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }
}
