package io.tributary.http.monitoring;

import static io.tributary.http.monitoring.Scrape.has;
import static io.tributary.http.monitoring.Scrape.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.SharedServerTest;
import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import io.tributary.monitoring.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.DisableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Enable/DisableEnhancedMonitoring through the real SDK: the answer names the shard-level metrics
 * before and after, DescribeStream and DescribeStreamSummary list them, the choice survives a
 * restart, and the server exports per-shard series for exactly the metrics enabled.
 */
class EnhancedMonitoringSdkTest extends SharedServerTest {
    private static final List<String> EVERY_METRIC = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
        "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds");
    private static final List<String> SHARD_SERIES = List.of("kinesis_shard_incoming_bytes_total", "kinesis_shard_incoming_records_total",
        "kinesis_shard_outgoing_bytes_total", "kinesis_shard_outgoing_records_total",
        "kinesis_shard_write_provisioned_throughput_exceeded_total", "kinesis_shard_read_provisioned_throughput_exceeded_total",
        "kinesis_shard_iterator_age_seconds_count");
    private static final String SHARD_0 = "shardId-000000000000";
    private static final String SHARD_1 = "shardId-000000000001";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Test
    void shouldEnableTheNamedMetricsAndAnswerThoseEnabledBeforeAndAfter() {
        String stream = createStream("named", 2);

        EnableEnhancedMonitoringResponse enabled = kinesis.enableEnhancedMonitoring(request -> request.streamName(stream)
            .shardLevelMetrics(MetricsName.OUTGOING_RECORDS, MetricsName.INCOMING_BYTES));

        assertEquals(stream, enabled.streamName());
        assertEquals(arnOf(stream), enabled.streamARN());
        assertEquals(List.of(), enabled.currentShardLevelMetricsAsStrings());
        assertEquals(List.of("IncomingBytes", "OutgoingRecords"), enabled.desiredShardLevelMetricsAsStrings());
        assertEquals(List.of("IncomingBytes", "OutgoingRecords"), described(stream));
        assertEquals(List.of("IncomingBytes", "OutgoingRecords"), summarized(stream));
        PrometheusText scrape = Scrape.of(server);
        for (String shard : List.of(SHARD_0, SHARD_1)) {
            assertTrue(has(scrape, "kinesis_shard_incoming_bytes_total", stream, "shard", shard));
            assertTrue(has(scrape, "kinesis_shard_outgoing_records_total", stream, "shard", shard));
            assertFalse(has(scrape, "kinesis_shard_incoming_records_total", stream, "shard", shard));
            assertFalse(has(scrape, "kinesis_shard_iterator_age_seconds_count", stream, "shard", shard));
        }
    }

    @Test
    void shouldExpandAllToEveryShardLevelMetric() {
        String stream = createStream("all", 2);
        kinesis.enableEnhancedMonitoring(request -> request.streamName(stream).shardLevelMetrics(MetricsName.INCOMING_BYTES));

        EnableEnhancedMonitoringResponse enabled = kinesis.enableEnhancedMonitoring(request -> request.streamName(stream)
            .shardLevelMetrics(MetricsName.ALL));

        assertEquals(List.of("IncomingBytes"), enabled.currentShardLevelMetricsAsStrings());
        assertEquals(EVERY_METRIC, enabled.desiredShardLevelMetricsAsStrings());
        assertEquals(EVERY_METRIC, described(stream));
        PrometheusText scrape = Scrape.of(server);
        for (String series : SHARD_SERIES) {
            assertTrue(has(scrape, series, stream, "shard", SHARD_0), series);
            assertTrue(has(scrape, series, stream, "shard", SHARD_1), series);
        }
    }

    @Test
    void shouldCountWhatEachShardTookAndGave() {
        String stream = createStream("per-shard", 2);
        kinesis.enableEnhancedMonitoring(request -> request.streamName(stream).shardLevelMetrics(MetricsName.ALL));
        putTo(stream, "0", "to shard zero");
        putTo(stream, "0", "again zero");
        putTo(stream, "340282366920938463463374607431768211455", "to shard one");
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId(SHARD_0)
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertEquals(2, kinesis.getRecords(request -> request.shardIterator(iterator)).records().size());

        PrometheusText scrape = Scrape.of(server);

        assertEquals(2, value(scrape, "kinesis_shard_incoming_records_total", stream, "shard", SHARD_0));
        assertEquals(1, value(scrape, "kinesis_shard_incoming_records_total", stream, "shard", SHARD_1));
        assertEquals(1 + 13 + 1 + 10, value(scrape, "kinesis_shard_incoming_bytes_total", stream, "shard", SHARD_0));
        assertEquals(1 + 12, value(scrape, "kinesis_shard_incoming_bytes_total", stream, "shard", SHARD_1));
        assertEquals(2, value(scrape, "kinesis_shard_outgoing_records_total", stream, "shard", SHARD_0));
        assertEquals(1 + 13 + 1 + 10, value(scrape, "kinesis_shard_outgoing_bytes_total", stream, "shard", SHARD_0));
        assertEquals(0, value(scrape, "kinesis_shard_outgoing_records_total", stream, "shard", SHARD_1));
        assertEquals(1, value(scrape, "kinesis_shard_iterator_age_seconds_count", stream, "shard", SHARD_0));
        assertEquals(3, value(scrape, "kinesis_incoming_records_total", stream));
    }

    @Test
    void shouldRemoveTheSeriesOfTheMetricsDisabled() {
        String stream = createStream("disabled", 2);
        kinesis.enableEnhancedMonitoring(request -> request.streamName(stream).shardLevelMetrics(MetricsName.ALL));

        DisableEnhancedMonitoringResponse some = kinesis.disableEnhancedMonitoring(request -> request.streamName(stream)
            .shardLevelMetrics(MetricsName.INCOMING_BYTES, MetricsName.ITERATOR_AGE_MILLISECONDS));

        assertEquals(EVERY_METRIC, some.currentShardLevelMetricsAsStrings());
        assertEquals(List.of("IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded",
            "ReadProvisionedThroughputExceeded"), some.desiredShardLevelMetricsAsStrings());
        PrometheusText afterSome = Scrape.of(server);
        assertFalse(has(afterSome, "kinesis_shard_incoming_bytes_total", stream, "shard", SHARD_0));
        assertFalse(has(afterSome, "kinesis_shard_iterator_age_seconds_count", stream, "shard", SHARD_1));
        assertTrue(has(afterSome, "kinesis_shard_incoming_records_total", stream, "shard", SHARD_1));

        DisableEnhancedMonitoringResponse all = kinesis.disableEnhancedMonitoring(request -> request.streamName(stream)
            .shardLevelMetrics(MetricsName.ALL));

        assertEquals(List.of(), all.desiredShardLevelMetricsAsStrings());
        assertEquals(List.of(), described(stream));
        assertTrue(Scrape.of(server).samples().stream()
            .noneMatch(sample -> stream.equals(sample.labels().get("stream")) && sample.labels().containsKey("shard")));
    }

    @Test
    void shouldAnswerResourceNotFoundForAStreamThatDoesNotExist() {
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class, () -> kinesis.enableEnhancedMonitoring(
            request -> request.streamName("no-such-stream").shardLevelMetrics(MetricsName.ALL)));

        assertEquals("Stream no-such-stream under account 000000000000 not found.", missing.awsErrorDetails().errorMessage());
    }

    @Test
    void shouldKeepTheEnabledMetricsAcrossARestart() throws Exception {
        Path data = Files.createTempDirectory("tributary-enhanced");
        try {
            try (TestServer first = TestServer.startOn(data); KinesisClient client = Clients.sync(first.endpoint())) {
                client.createStream(request -> request.streamName("kept").shardCount(1));
                client.enableEnhancedMonitoring(request -> request.streamName("kept")
                    .shardLevelMetrics(MetricsName.INCOMING_RECORDS, MetricsName.ITERATOR_AGE_MILLISECONDS));
            }
            try (TestServer second = TestServer.startOn(data); KinesisClient client = Clients.sync(second.endpoint())) {
                assertEquals(List.of("IncomingRecords", "IteratorAgeMilliseconds"), client.describeStream(request -> request.streamName("kept"))
                    .streamDescription().enhancedMonitoring().get(0).shardLevelMetricsAsStrings());
                assertTrue(has(Scrape.of(second), "kinesis_shard_incoming_records_total", "kept", "shard", SHARD_0));
            }
        } finally {
            TestServer.deleteRecursively(data);
        }
    }

    private void putTo(String stream, String explicitHashKey, String data) {
        kinesis.putRecord(request -> request.streamName(stream).partitionKey("k").explicitHashKey(explicitHashKey)
            .data(SdkBytes.fromUtf8String(data)));
    }

    private List<String> described(String stream) {
        return kinesis.describeStream(request -> request.streamName(stream)).streamDescription().enhancedMonitoring().get(0)
            .shardLevelMetricsAsStrings();
    }

    private List<String> summarized(String stream) {
        return kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary().enhancedMonitoring()
            .get(0).shardLevelMetricsAsStrings();
    }

    private String createStream(String prefix, int shards) {
        String name = prefix + "-" + NAMES.incrementAndGet();
        kinesis.createStream(request -> request.streamName(name).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(request -> request.streamName(name));
        return name;
    }

    private static String arnOf(String stream) {
        return "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream;
    }
}
