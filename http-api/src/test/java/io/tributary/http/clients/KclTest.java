package io.tributary.http.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.Dynalite;
import io.tributary.http.support.TestServer;
import io.tributary.monitoring.PrometheusText;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The Kinesis Client Library 3.5.1 consumes a Tributary stream: a real {@link Scheduler} with its
 * leases in dynalite (the open-source DynamoDB stand-in, {@link Dynalite}), CloudWatch off, and a
 * record processor that collects what it is given and checkpoints after every batch. Delivery is
 * at least once: every record put must arrive, duplicates are reported, not failed. The lease table,
 * read back through the DynamoDB client, must hold each shard's last sequence number as its
 * checkpoint, and {@code SHARD_END} for a shard that was split while the KCL read it, whose children
 * must be processed only after it ended; each shard's records must come in sequence order; a
 * scheduler restarted on the same application must go on after its checkpoints, processing nothing
 * before them again and losing nothing after. Each scenario runs with polling retrieval (GetRecords) and
 * enhanced fan-out (the KCL's default: RegisterStreamConsumer, then SubscribeToShard over cleartext
 * HTTP/2 with the Netty client {@code KinesisClientUtil} builds).
 *
 * <p>What the KCL needs set to run here: the lease table made beforehand (see
 * {@link #createLeaseTable}), metrics off, and, only to make the test quicker, shorter shard-sync
 * and lease-assignment intervals. Even so the scheduler waits a random 1 to 30 s before its first
 * shard sync when the lease table is empty (the KCL's fixed constants).
 *
 * <p>The figures printed (records consumed per second from the scheduler's start, and from the
 * first record delivered) are what BENCHMARKS.md quotes; nothing here asserts a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KclTest {
    private static final Logger LOG = LoggerFactory.getLogger(KclTest.class);
    /** Enough for several GetRecords batches (10,000 records at most each, by default) on each shard. */
    private static final int RECORDS = 50_000;
    private static final int SPLIT_RECORDS = 2_000;
    private static final int PUT_BATCH = 500;
    /**
     * The KCL's shard sync task sleeps this long after each sync (60 s by default, which delays the
     * first lease by as much), and its leader assigns leases this often (20 s by default).
     */
    private static final long SHARD_SYNC_MILLIS = 1_000;
    private static final long LEASE_ASSIGNMENT_MILLIS = 1_000;
    private static final Duration DELIVERY_WAIT = Duration.ofMinutes(2);
    private static final String SHARD_END = "SHARD_END";
    private static final String PARENT = "shardId-000000000000";
    private static final List<String> CHILDREN = List.of("shardId-000000000002", "shardId-000000000003");
    /** The name the KCL 3 gives the lease table's index by owner ({@code DynamoDBLeaseRefresher}'s, not public). */
    private static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestServer server;
    private Dynalite dynalite;
    private KinesisClient kinesis;
    private KinesisAsyncClient kclKinesis;
    private DynamoDbAsyncClient dynamo;
    private CloudWatchAsyncClient cloudWatch;

    @BeforeAll
    void start() throws Exception {
        // a one-node cluster refuses memory durability; interval is the nearest it takes
        server = TestServer.start("--durability", TestServer.clustered() ? "interval" : "memory");
        dynalite = Dynalite.start();
        kinesis = Clients.sync(server.endpoint());
        kclKinesis = Clients.kcl(server.endpoint());
        dynamo = dynalite.client();
        // never called: metrics go to the NullMetricsFactory; the endpoint refuses connections
        cloudWatch = CloudWatchAsyncClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRIBUTARY", "secret")))
            .build();
    }

    @AfterAll
    void stop() throws Exception {
        if (dynamo != null) {
            LOG.info("tables the KCL left in dynalite: {}", dynamo.listTables().join().tableNames());
        }
        closeAll(cloudWatch, dynamo, kclKinesis, kinesis, dynalite, server);
    }

    /** Closes each of {@code resources} that was made, all of them even if one fails. */
    private static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldDeliverEveryRecordAndCheckpointEachShardWithPollingRetrieval() throws Exception {
        String stream = "kcl-polling";
        createStream(stream);
        Put put = putRecords(stream, "polling", RECORDS);
        try (Consumer consumer = new Consumer(stream, true)) {
            consumer.awaitDelivered(put.texts(), "polling");
            awaitCheckpoints(stream, put.lastSequenceByShard());
        }
        assertTrue(served("kinesis_get_records_records_total", stream) >= RECORDS, "the records came by GetRecords");
        assertEquals(0, served("kinesis_subscribe_to_shard_event_records_total", stream));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldDeliverEveryRecordAndCheckpointEachShardWithEnhancedFanOut() throws Exception {
        String stream = "kcl-fan-out";
        createStream(stream);
        Put put = putRecords(stream, "fan-out", RECORDS);
        try (Consumer consumer = new Consumer(stream, false)) {
            consumer.awaitDelivered(put.texts(), "enhanced fan-out");
            awaitCheckpoints(stream, put.lastSequenceByShard());
        }
        assertEquals(List.of(stream), kinesis.listStreamConsumers(request -> request.streamARN(streamArn(stream)))
            .consumers().stream().map(consumer -> consumer.consumerName()).toList(), "the KCL registers its application's name");
        assertTrue(served("kinesis_subscribe_to_shard_event_records_total", stream, "consumer", stream) >= RECORDS,
            "the records came by SubscribeToShard");
        assertEquals(0, served("kinesis_get_records_records_total", stream));
    }

    @ParameterizedTest(name = "polling {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldProcessTheChildShardsOfASplitShardAfterTheParentEnds(boolean polling) throws Exception {
        String stream = "kcl-split-" + (polling ? "polling" : "fan-out");
        createStream(stream);
        Put before = putRecords(stream, "before-split", SPLIT_RECORDS);
        try (Consumer consumer = new Consumer(stream, polling)) {
            consumer.awaitDelivered(before.texts(), stream + " before the split");
            kinesis.splitShard(request -> request.streamName(stream).shardToSplit(PARENT)
                .newStartingHashKey(BigInteger.ONE.shiftLeft(126).toString()));
            kinesis.waiter().waitUntilStreamExists(request -> request.streamName(stream));
            Put after = putRecords(stream, "after-split", SPLIT_RECORDS);
            assertEquals(Set.of("shardId-000000000001", CHILDREN.get(0), CHILDREN.get(1)), after.lastSequenceByShard().keySet());
            Set<String> all = new HashSet<>(before.texts());
            all.addAll(after.texts());
            consumer.awaitDelivered(all, stream + " across the split");
            Map<String, String> expected = new TreeMap<>(after.lastSequenceByShard());
            expected.put(PARENT, SHARD_END);
            awaitCheckpoints(stream, expected);
            int parentEnded = consumer.events.indexOf(PARENT + " ended");
            assertTrue(parentEnded >= 0, () -> "the parent never ended: " + consumer.events);
            for (String child : CHILDREN) {
                int childStarted = consumer.events.indexOf(child + " first records");
                assertTrue(childStarted > parentEnded, () -> child + " was processed before its parent ended: " + consumer.events);
            }
        }
    }

    @ParameterizedTest(name = "polling {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldResumeAfterTheCheckpointWhenTheSchedulerRestarts(boolean polling) throws Exception {
        String stream = "kcl-restart-" + (polling ? "polling" : "fan-out");
        createStream(stream, 4);
        Put waiting = putRecords(stream, "waiting", SPLIT_RECORDS);
        Set<String> first = new HashSet<>(waiting.texts());
        Map<String, String> checkpointed = new TreeMap<>(waiting.lastSequenceByShard());
        try (Consumer consumer = new Consumer(stream, polling)) {
            consumer.awaitDelivered(waiting.texts(), stream + " records already there");
            Put arriving = putRecords(stream, "arriving", SPLIT_RECORDS);
            first.addAll(arriving.texts());
            checkpointed.putAll(arriving.lastSequenceByShard());
            consumer.awaitDelivered(first, stream + " records arriving while it runs");
            assertEquals(4, checkpointed.size(), "the records went to all four shards");
            awaitCheckpoints(stream, checkpointed);
        }
        Put whileStopped = putRecords(stream, "while-stopped", SPLIT_RECORDS);
        Map<String, String> last = new TreeMap<>(checkpointed);
        last.putAll(whileStopped.lastSequenceByShard());
        try (Consumer restarted = new Consumer(stream, polling, false)) {
            restarted.awaitDelivered(whileStopped.texts(), stream + " after the scheduler's restart");
            awaitCheckpoints(stream, last);
            Set<String> again = restarted.deliveries.keySet().stream().filter(first::contains).collect(Collectors.toSet());
            assertEquals(Set.of(), again, "no record before the checkpoint is processed again");
        }
    }

    /** The sum of the server's samples of {@code metric} for {@code stream} (and the extra labels), from its /metrics. */
    private double served(String metric, String stream, String... labels) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> wanted = new HashMap<>(Map.of("stream", stream));
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return PrometheusText.parse(response.body()).find(metric, wanted).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    private void createStream(String stream) {
        createStream(stream, 2);
    }

    private void createStream(String stream, int shards) {
        kinesis.createStream(request -> request.streamName(stream).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(request -> request.streamName(stream));
    }

    private String streamArn(String stream) {
        return kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary().streamARN();
    }

    /** What was put: each record's text, and each shard's last sequence number. */
    private record Put(Set<String> texts, Map<String, String> lastSequenceByShard) {
    }

    private Put putRecords(String stream, String prefix, int count) {
        Set<String> all = new HashSet<>();
        Map<String, String> last = new TreeMap<>();
        for (int start = 0; start < count; start += PUT_BATCH) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + PUT_BATCH); i++) {
                String text = prefix + "-" + i;
                texts.add(text);
                entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i)
                    .data(SdkBytes.fromString(text, StandardCharsets.UTF_8)).build());
            }
            PutRecordsResponse response = kinesis.putRecords(request -> request.streamName(stream).records(entries));
            assertEquals(0, response.failedRecordCount());
            for (int i = 0; i < texts.size(); i++) {
                PutRecordsResultEntry result = response.records().get(i);
                all.add(texts.get(i));
                last.merge(result.shardId(), result.sequenceNumber(),
                    (a, b) -> new BigInteger(a).compareTo(new BigInteger(b)) >= 0 ? a : b);
            }
        }
        return new Put(all, last);
    }

    /**
     * Creates the KCL's lease table, with its {@code LeaseOwnerToLeaseKeyIndex}, before the KCL
     * starts. The KCL 3 creates the table and then adds the index with UpdateTable, which dynalite
     * does not implement (its UpdateTable changes throughput only); finding the table and an ACTIVE
     * index, the KCL goes on. The schema is the KCL's own, from its lease serializer.
     */
    private void createLeaseTable(String application) {
        DynamoDBLeaseSerializer schema = new DynamoDBLeaseSerializer();
        List<AttributeDefinition> attributes = new ArrayList<>(schema.getAttributeDefinitions());
        attributes.addAll(schema.getWorkerIdToLeaseKeyIndexAttributeDefinitions());
        dynamo.createTable(request -> request.tableName(application)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .keySchema(schema.getKeySchema())
            .attributeDefinitions(attributes.stream().distinct().toList())
            .globalSecondaryIndexes(index -> index.indexName(LEASE_OWNER_INDEX)
                .keySchema(schema.getWorkerIdToLeaseKeyIndexKeySchema())
                .projection(projection -> projection.projectionType(ProjectionType.KEYS_ONLY)))).join();
        dynamo.waiter().waitUntilTableExists(request -> request.tableName(application)).join();
    }

    /** Waits until the lease table holds {@code expected} (shard id to checkpoint) for every shard named. */
    private void awaitCheckpoints(String application, Map<String, String> expected) {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>(Map.of());
        awaitUntil(() -> {
            seen.set(checkpoints(application));
            return expected.entrySet().stream().allMatch(entry -> entry.getValue().equals(seen.get().get(entry.getKey())));
        }, Duration.ofMinutes(1), () -> "lease table checkpoints " + seen.get() + ", expected " + expected);
        LOG.info("lease table checkpoints of {}: {}", application, seen.get());
    }

    /**
     * The lease table, read through the DynamoDB client: each lease's shard id and checkpoint. The
     * KCL 3.5 keeps its leader lock, migration state and worker metrics in the same table, as items
     * without a checkpoint.
     */
    private Map<String, String> checkpoints(String application) {
        return dynamo.scan(request -> request.tableName(application).consistentRead(true)).join().items().stream()
            .filter(item -> item.containsKey("checkpoint"))
            .collect(Collectors.toMap(item -> item.get("leaseKey").s(), item -> item.get("checkpoint").s(), (a, b) -> a, TreeMap::new));
    }

    private static void awaitUntil(BooleanSupplier condition, Duration wait, Supplier<String> failure) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure.get(), e);
            }
        }
    }

    /**
     * One KCL worker on {@code stream}, whose application (lease table and, for fan-out, consumer)
     * is named after the stream, reading from TRIM_HORIZON. Closing shuts the scheduler down
     * gracefully (its processors checkpoint), or at once if that does not finish in a minute.
     */
    private final class Consumer implements AutoCloseable {
        private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final List<String> checkpointFailures = new CopyOnWriteArrayList<>();
        private final List<String> outOfOrder = new CopyOnWriteArrayList<>();
        private final Scheduler scheduler;
        private final Thread thread;
        private final long startNanos;
        private volatile long firstDeliveryNanos;

        Consumer(String stream, boolean polling) {
            this(stream, polling, true);
        }

        /** A worker of the application; {@code firstWorker} makes its lease table (a restarted one finds it). */
        Consumer(String stream, boolean polling, boolean firstWorker) {
            if (firstWorker) {
                createLeaseTable(stream);
            }
            ConfigsBuilder configs = new ConfigsBuilder(
                new SingleStreamTracker(stream, InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                stream, kclKinesis, dynamo, cloudWatch, "worker-" + stream, Processor::new);
            scheduler = new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig(),
                configs.leaseManagementConfig()
                    .shardSyncIntervalMillis(SHARD_SYNC_MILLIS)
                    .leaseAssignmentIntervalMillis(LEASE_ASSIGNMENT_MILLIS)
                    // keeps an ended parent's lease, whose SHARD_END checkpoint the split test reads
                    .cleanupLeasesUponShardCompletion(false),
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory()),
                configs.processorConfig(),
                polling
                    ? configs.retrievalConfig().retrievalSpecificConfig(new PollingConfig(stream, kclKinesis))
                    : configs.retrievalConfig());
            thread = new Thread(scheduler, "kcl-scheduler-" + stream);
            thread.setDaemon(true);
            startNanos = System.nanoTime();
            thread.start();
        }

        void awaitDelivered(Set<String> expected, String scenario) {
            awaitUntil(() -> deliveries.keySet().containsAll(expected), DELIVERY_WAIT, () -> {
                Set<String> missing = expected.stream().filter(text -> !deliveries.containsKey(text)).collect(Collectors.toSet());
                return missing.size() + " of " + expected.size() + " records not delivered, e.g. "
                    + missing.stream().limit(5).toList() + "; processor events " + events;
            });
            long doneNanos = System.nanoTime();
            long duplicates = deliveries.values().stream().mapToInt(times -> times - 1).sum();
            double fromStart = (doneNanos - startNanos) / 1e9;
            double fromFirst = (doneNanos - firstDeliveryNanos) / 1e9;
            LOG.info("KCL {}: {} records consumed in {} s from the scheduler's start ({} records/s), the first after {} s,"
                    + " the rest in {} s ({} records/s); {} duplicate deliveries; processor events {}", scenario, expected.size(),
                String.format("%.2f", fromStart), String.format("%.0f", expected.size() / fromStart),
                String.format("%.2f", fromStart - fromFirst), String.format("%.2f", fromFirst),
                String.format("%.0f", expected.size() / Math.max(fromFirst, 1e-3)), duplicates, events);
            assertTrue(checkpointFailures.isEmpty(), () -> "checkpoints failed: " + checkpointFailures);
            assertEquals(List.of(), outOfOrder, "each shard's records are processed in sequence order");
        }

        @Override
        public void close() throws Exception {
            try {
                Boolean done = scheduler.startGracefulShutdown().get(1, TimeUnit.MINUTES);
                LOG.info("KCL scheduler shut down gracefully: {}", done);
            } catch (java.util.concurrent.TimeoutException slow) {
                // Cleanup after the assertions, not what the tests check: a graceful shutdown that a
                // busy machine slows past a minute is ended by force below.
                LOG.warn("The KCL scheduler's graceful shutdown took over a minute; shutting it down");
            } finally {
                if (!scheduler.shutdownComplete()) {
                    scheduler.shutdown();
                }
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        /** Collects every record it is given and checkpoints after each batch and at the shard's end. */
        private final class Processor implements ShardRecordProcessor {
            private String shardId;
            private boolean delivered;
            private BigInteger lastSequence;

            @Override
            public void initialize(InitializationInput input) {
                shardId = input.shardId();
                events.add(shardId + " initialized at " + input.extendedSequenceNumber());
            }

            @Override
            public void processRecords(ProcessRecordsInput input) {
                if (firstDeliveryNanos == 0 && !input.records().isEmpty()) {
                    firstDeliveryNanos = System.nanoTime();
                }
                if (!delivered && !input.records().isEmpty()) {
                    delivered = true;
                    events.add(shardId + " first records");
                }
                for (KinesisClientRecord record : input.records()) {
                    BigInteger sequence = new BigInteger(record.sequenceNumber());
                    if (lastSequence != null && sequence.compareTo(lastSequence) <= 0) {
                        outOfOrder.add(shardId + ": " + lastSequence + " then " + sequence);
                    }
                    lastSequence = sequence;
                    deliveries.merge(StandardCharsets.UTF_8.decode(record.data()).toString(), 1, Integer::sum);
                }
                checkpoint(input.checkpointer(), "batch");
            }

            @Override
            public void leaseLost(LeaseLostInput input) {
                events.add(shardId + " lease lost");
            }

            @Override
            public void shardEnded(ShardEndedInput input) {
                events.add(shardId + " ended");
                checkpoint(input.checkpointer(), "shard end");
            }

            @Override
            public void shutdownRequested(ShutdownRequestedInput input) {
                checkpoint(input.checkpointer(), "shutdown");
            }

            private void checkpoint(RecordProcessorCheckpointer checkpointer, String when) {
                try {
                    checkpointer.checkpoint();
                } catch (Exception e) {
                    checkpointFailures.add(shardId + " at " + when + ": " + e);
                }
            }
        }
    }
}
