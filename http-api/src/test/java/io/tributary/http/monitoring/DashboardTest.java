package io.tributary.http.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.support.Clients;
import io.tributary.http.support.ShardSubscriber;
import io.tributary.http.support.TestServer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * The Grafana dashboard is valid dashboard JSON, and every query in it names only series that a
 * server with traffic of every kind exports.
 */
class DashboardTest {

    @Test
    void shouldBeADashboardWhosePanelsEachQueryPrometheus() {
        Dashboard dashboard = Dashboard.load();
        JsonNode json = dashboard.json();

        assertEquals("Tributary", json.path("title").asText());
        assertFalse(json.path("uid").asText().isEmpty());
        assertTrue(json.path("schemaVersion").isInt());
        Set<Integer> ids = new HashSet<>();
        int queried = 0;
        for (JsonNode panel : dashboard.panels()) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + panel.path("id"));
            JsonNode position = panel.path("gridPos");
            assertTrue(position.path("w").asInt() > 0 && position.path("x").asInt() + position.path("w").asInt() <= 24,
                panel.path("title") + " fits the 24-column grid");
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertFalse(panel.path("title").asText().isEmpty());
            assertEquals("prometheus", panel.path("datasource").path("type").asText(), panel.path("title").asText());
            assertTrue(panel.path("targets").size() > 0, panel.path("title") + " has queries");
            queried++;
        }
        assertTrue(queried >= 12, "ingest, throttling, iterator age, fan-out lag, latencies and storage each have a panel");
        for (String expression : dashboard.expressions()) {
            assertFalse(Dashboard.metricNames(expression).isEmpty(), "no metric in " + expression);
        }
    }

    @Test
    void shouldReadTheMetricNamesOutOfPromQl() {
        assertEquals(Set.of("kinesis_put_record_latency_seconds_bucket"), Dashboard.metricNames(
            "histogram_quantile(0.99, sum by (le, stream) (rate(kinesis_put_record_latency_seconds_bucket{stream=~\"$stream\"}[$__rate_interval])))"));
        assertEquals(Set.of("a_total", "b_count"), Dashboard.metricNames(
            "sum by (stream) (rate(a_total{x=\"y{z}\"}[5m])) / on (stream) group_left sum without (le) (rate(b_count[1m] offset 5m))"));
        assertEquals(Set.of("kinesis_incoming_records_total"), Dashboard.variableMetricNames("label_values(kinesis_incoming_records_total, stream)"));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldOnlyQuerySeriesTheServerExports() throws Exception {
        try (TestServer server = TestServer.start();
             KinesisClient kinesis = Clients.sync(server.endpoint());
             KinesisAsyncClient async = Clients.async(server.endpoint())) {
            everyKindOfTraffic(kinesis, async);
            Set<String> exported = Scrape.of(server).names();
            Dashboard dashboard = Dashboard.load();

            Map<String, Set<String>> unknown = new TreeMap<>();
            for (String expression : dashboard.expressions()) {
                check(expression, Dashboard.metricNames(expression), exported, unknown);
            }
            for (String query : dashboard.variableQueries()) {
                check(query, Dashboard.variableMetricNames(query), exported, unknown);
            }
            assertEquals(Map.of(), unknown, "queries naming series the server does not export");
        }
    }

    /** A stream with enhanced monitoring, puts, reads and a subscription: every engine meter gets a series. */
    static void everyKindOfTraffic(KinesisClient kinesis, KinesisAsyncClient async) throws InterruptedException {
        kinesis.createStream(request -> request.streamName("dashboard").shardCount(2));
        kinesis.waiter().waitUntilStreamExists(request -> request.streamName("dashboard"));
        kinesis.enableEnhancedMonitoring(request -> request.streamName("dashboard").shardLevelMetrics(MetricsName.ALL));
        String streamArn = kinesis.describeStreamSummary(request -> request.streamName("dashboard")).streamDescriptionSummary().streamARN();
        String consumer = kinesis.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName("board"))
            .consumer().consumerARN();
        kinesis.putRecord(request -> request.streamName("dashboard").partitionKey("k").data(SdkBytes.fromUtf8String("one")));
        kinesis.putRecords(request -> request.streamName("dashboard").records(List.of(
            software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder().partitionKey("a")
                .data(SdkBytes.fromUtf8String("two")).build())));
        for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
            String iterator = kinesis.getShardIterator(request -> request.streamName("dashboard").shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            kinesis.getRecords(request -> request.shardIterator(iterator));
            ShardSubscriber subscriber = ShardSubscriber.start(async, consumer, shard,
                StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
            subscriber.awaitEvents(events -> !events.isEmpty(), 30);
            subscriber.cancel();
        }
    }

    private static void check(String query, Set<String> names, Set<String> exported, Map<String, Set<String>> unknown) {
        for (String name : names) {
            if (!exported.contains(name)) {
                unknown.computeIfAbsent(query, q -> new java.util.TreeSet<>()).add(name);
            }
        }
    }
}
