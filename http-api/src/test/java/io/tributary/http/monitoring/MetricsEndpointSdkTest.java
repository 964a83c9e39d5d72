package io.tributary.http.monitoring;

import static io.tributary.http.monitoring.Scrape.has;
import static io.tributary.http.monitoring.Scrape.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.metrics.EngineMeter;
import io.tributary.http.support.SharedServerTest;
import io.tributary.http.support.TestServer;
import io.tributary.monitoring.PrometheusText;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code GET /metrics} on a running server, with traffic from the real SDK: the scrape parses as
 * Prometheus text, names every stream-level meter of a stream, and its counters move by exactly
 * what was put and read.
 */
class MetricsEndpointSdkTest extends SharedServerTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Test
    void shouldExportEveryStreamLevelMeterOfANewStreamAtZeroNextToTheServersOwnSeries() throws InterruptedException {
        String stream = createStream("fresh", 2);
        // the GC pause timer exists from the JVM's first collection on (its listener registers
        // it); this test may run in a fresh JVM before any, so it asks for one
        System.gc();

        PrometheusText scrape = Scrape.of(server);
        for (int retry = 0; retry < 50 && !scrape.families().containsKey("jvm_gc_pause_seconds"); retry++) {
            Thread.sleep(100);
            scrape = Scrape.of(server);
        }

        for (EngineMeter meter : EngineMeter.values()) {
            if (meter.scope() != EngineMeter.Scope.STREAM) {
                continue;
            }
            String sample = switch (meter.type()) {
                case TIMER, DISTRIBUTION_SUMMARY -> meter.prometheusName() + "_count";
                default -> meter.prometheusName();
            };
            assertTrue(has(scrape, sample, stream), sample + " for " + stream);
            assertEquals(0, value(scrape, sample, stream), sample);
        }
        for (String family : List.of("jvm_memory_used_bytes", "jvm_gc_pause_seconds", "process_cpu_usage", "vertx_http_server_requests_total",
            "vertx_pool_in_use", "netty_eventexecutor_tasks_pending", "tributary_log_flush_seconds")) {
            assertTrue(scrape.families().containsKey(family), family);
        }
    }

    @Test
    void shouldMoveTheCountersByExactlyTheRecordsAndBytesPutAndRead() {
        String stream = createStream("counted", 1);
        long putRecordBytes = 0;
        for (int i = 0; i < 3; i++) {
            String key = "key-" + i;
            String data = "payload number " + i;
            kinesis.putRecord(request -> request.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(data)));
            putRecordBytes += utf8(key) + utf8(data);
        }
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        long putRecordsBytes = 0;
        for (int i = 0; i < 4; i++) {
            String key = "batch-key-" + i;
            String data = "x".repeat(100 * (i + 1));
            batch.add(PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromUtf8String(data)).build());
            putRecordsBytes += utf8(key) + utf8(data);
        }
        kinesis.putRecords(request -> request.streamName(stream).records(batch));
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse first = kinesis.getRecords(request -> request.shardIterator(iterator).limit(5));
        GetRecordsResponse second = kinesis.getRecords(request -> request.shardIterator(first.nextShardIterator()));
        assertEquals(7, first.records().size() + second.records().size());

        PrometheusText scrape = Scrape.of(server);

        long allBytes = putRecordBytes + putRecordsBytes;
        assertEquals(7, value(scrape, "kinesis_incoming_records_total", stream));
        assertEquals(allBytes, value(scrape, "kinesis_incoming_bytes_total", stream));
        assertEquals(3, value(scrape, "kinesis_put_record_success_total", stream));
        assertEquals(putRecordBytes, value(scrape, "kinesis_put_record_bytes_total", stream));
        assertEquals(3, value(scrape, "kinesis_put_record_latency_seconds_count", stream));
        assertEquals(1, value(scrape, "kinesis_put_records_success_total", stream));
        assertEquals(4, value(scrape, "kinesis_put_records_records_total", stream));
        assertEquals(putRecordsBytes, value(scrape, "kinesis_put_records_bytes_total", stream));
        assertEquals(1, value(scrape, "kinesis_put_records_latency_seconds_count", stream));
        assertEquals(0, value(scrape, "kinesis_put_records_failed_records_total", stream));
        assertEquals(0, value(scrape, "kinesis_put_records_throttled_records_total", stream));
        assertEquals(2, value(scrape, "kinesis_get_records_success_total", stream));
        assertEquals(7, value(scrape, "kinesis_get_records_records_total", stream));
        assertEquals(allBytes, value(scrape, "kinesis_get_records_bytes_total", stream));
        assertEquals(2, value(scrape, "kinesis_get_records_latency_seconds_count", stream));
        assertEquals(2, value(scrape, "kinesis_get_records_iterator_age_seconds_count", stream));
        assertEquals(0, value(scrape, "kinesis_read_provisioned_throughput_exceeded_total", stream));
        assertEquals(0, value(scrape, "kinesis_write_provisioned_throughput_exceeded_total", stream));
        assertTrue(value(scrape, "tributary_storage_bytes", stream) > allBytes, "frames on disk hold the records and more");
        if (!TestServer.clustered()) {
            // a cluster's replicas force their shard logs on an interval: Ratis fsyncs its log before a put is acknowledged
            assertTrue(scrape.find("tributary_log_flush_seconds_count", java.util.Map.of()).get(0).value() >= 2,
                "every acknowledged put waited for an fsync");
        }
    }

    @Test
    void shouldDropEverySeriesOfADeletedStream() {
        String stream = createStream("deleted", 1);
        kinesis.putRecord(request -> request.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("v")));
        assertEquals(1, value(Scrape.of(server), "kinesis_incoming_records_total", stream));

        kinesis.deleteStream(request -> request.streamName(stream));

        List<PrometheusText.Sample> left = Scrape.of(server).samples().stream()
            .filter(sample -> stream.equals(sample.labels().get("stream")))
            .toList();
        assertEquals(List.of(), left);
    }

    @Test
    void shouldAnswerLivenessAndReadinessAsJson() {
        HttpResponse<String> live = Scrape.get(server, "/health/live");
        HttpResponse<String> ready = Scrape.get(server, "/health/ready");

        assertEquals(200, live.statusCode());
        assertEquals(200, ready.statusCode());
        assertEquals("UP", new JsonObject(ready.body()).getString("status"));
        assertEquals("UP", new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("storage").getString("status"));
    }

    private String createStream(String prefix, int shards) {
        String name = prefix + "-" + NAMES.incrementAndGet();
        kinesis.createStream(request -> request.streamName(name).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(request -> request.streamName(name));
        return name;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
