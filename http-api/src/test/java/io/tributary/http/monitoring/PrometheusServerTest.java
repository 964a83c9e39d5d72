package io.tributary.http.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.engine.metrics.EngineMeter;
import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A real Prometheus scrapes a running Tributary every second. After records are put at a known
 * pace, Prometheus's HTTP API returns the stream's series with the totals written, and the increase
 * it computes over the stream's life is exactly what was written; every dashboard query runs on it.
 * Fails, rather than skipping, when Prometheus is not installed.
 */
class PrometheusServerTest {
    private static final String STREAM = "scraped";
    private static final int ROUNDS = 5;
    private static final int RECORDS_PER_ROUND = 40;
    private static final int RECORDS = ROUNDS * RECORDS_PER_ROUND;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldShowPrometheusTheSeriesWithTheTotalsAndRatesWritten() throws Exception {
        PrometheusServer.binary();
        try (TestServer server = TestServer.start();
             KinesisClient kinesis = Clients.sync(server.endpoint());
             PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + server.port())) {
            prometheus.await("the target up", 60, () -> scalar(prometheus.query("up{job=\"tributary\"}", null)) == 1);
            kinesis.createStream(request -> request.streamName(STREAM).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(request -> request.streamName(STREAM));
            prometheus.await("the new stream's series at 0", 30,
                () -> scalar(prometheus.query(selector("kinesis_incoming_records_total"), null)) == 0);

            long bytes = putAtAKnownPace(kinesis);
            int read = readEverything(kinesis);

            prometheus.await(RECORDS + " records in", 60,
                () -> scalar(prometheus.query(selector("kinesis_get_records_records_total"), null)) == RECORDS);
            assertEquals(RECORDS, read);
            assertEquals(RECORDS, scalar(prometheus.query(selector("kinesis_incoming_records_total"), null)));
            assertEquals(bytes, scalar(prometheus.query(selector("kinesis_incoming_bytes_total"), null)));
            assertEquals(RECORDS, scalar(prometheus.query(selector("kinesis_put_records_records_total"), null)));
            assertEquals(ROUNDS, scalar(prometheus.query(selector("kinesis_put_records_success_total"), null)));
            assertEquals(bytes, scalar(prometheus.query(selector("kinesis_get_records_bytes_total"), null)));

            double last = lastSampleTime(prometheus, "kinesis_incoming_records_total");
            assertEquals(RECORDS, scalar(prometheus.query("increase(" + selector("kinesis_incoming_records_total") + "[10m])", last)), 1e-6);
            assertEquals(bytes, scalar(prometheus.query("increase(" + selector("kinesis_incoming_bytes_total") + "[10m])", last)), 1e-6);
            assertEquals(RECORDS / 600.0, scalar(prometheus.query("rate(" + selector("kinesis_incoming_records_total") + "[10m])", last)),
                1e-9);

            assertEverySeriesOfTheStream(prometheus);
            assertDashboardQueriesRun(prometheus, server);
            assertPromtoolReadsTheScrape(server);
        }
    }

    /** {@link #ROUNDS} PutRecords calls of {@link #RECORDS_PER_ROUND} records, a second apart; answers the bytes put. */
    private static long putAtAKnownPace(KinesisClient kinesis) throws InterruptedException {
        long bytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < RECORDS_PER_ROUND; i++) {
                String key = "key-" + round + "-" + i;
                String data = "record " + i + " of round " + round;
                entries.add(PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromUtf8String(data)).build());
                bytes += (key + data).getBytes(StandardCharsets.UTF_8).length;
            }
            assertEquals(0, kinesis.putRecords(request -> request.streamName(STREAM).records(entries)).failedRecordCount());
            Thread.sleep(1000);
        }
        return bytes;
    }

    private static int readEverything(KinesisClient kinesis) {
        int read = 0;
        for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
            String iterator = kinesis.getShardIterator(request -> request.streamName(STREAM).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(iterator));
            read += response.records().size();
        }
        return read;
    }

    private static void assertEverySeriesOfTheStream(PrometheusServer prometheus) throws IOException, InterruptedException {
        Set<String> names = new HashSet<>();
        for (JsonNode series : prometheus.series("{stream=\"" + STREAM + "\"}")) {
            names.add(series.path("__name__").asText());
        }
        for (EngineMeter meter : EngineMeter.values()) {
            if (meter.scope() == EngineMeter.Scope.STREAM) {
                String name = meter.type() == io.micrometer.core.instrument.Meter.Type.TIMER
                    || meter.type() == io.micrometer.core.instrument.Meter.Type.DISTRIBUTION_SUMMARY
                    ? meter.prometheusName() + "_count" : meter.prometheusName();
                assertTrue(names.contains(name), name + " is among " + names);
            }
        }
    }

    private static void assertDashboardQueriesRun(PrometheusServer prometheus, TestServer server) throws IOException, InterruptedException {
        Dashboard dashboard = Dashboard.load();
        for (String expression : dashboard.expressions()) {
            prometheus.query(Dashboard.resolved(expression, STREAM), null);
        }
        JsonNode ingest = prometheus.query(Dashboard.resolved(dashboard.expressions().get(0), STREAM), null);
        assertTrue(ingest.path("result").size() > 0, "the ingest panel shows the stream: " + ingest);
    }

    /** Prometheus's own linter reads the scrape without a parse error and finds nothing wrong with Tributary's series. */
    private static void assertPromtoolReadsTheScrape(TestServer server) throws IOException, InterruptedException {
        Path promtool = PrometheusServer.binary().resolveSibling("promtool");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(Scrape.get(server, "/metrics").body().getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = check.waitFor();
        assertNotEquals(1, exit, "promtool could not parse the scrape: " + output);
        List<String> ours = output.lines().filter(line -> line.startsWith("kinesis_") || line.startsWith("tributary_")).toList();
        assertEquals(List.of(), ours, "promtool's complaints about Tributary's series");
    }

    private static String selector(String metric) {
        return metric + "{job=\"tributary\",stream=\"" + STREAM + "\"}";
    }

    /** The value of the one sample an instant query answers; NaN when it answers none. */
    private static double scalar(JsonNode data) {
        JsonNode result = data.path("result");
        if (result.size() == 0) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new AssertionError("more than one series: " + data);
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** When Prometheus last scraped the series: evaluating there leaves nothing to extrapolate at the end. */
    private static double lastSampleTime(PrometheusServer prometheus, String metric) throws IOException, InterruptedException {
        JsonNode values = prometheus.query(selector(metric) + "[10m]", null).path("result").get(0).path("values");
        return values.get(values.size() - 1).get(0).asDouble();
    }
}
