package io.tributary.http.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Fault injection for testing retry logic: with a share of a stream's calls answered with
 * ProvisionedThroughputExceededException, the SDK sees about that share of throttles, and its
 * retries still deliver every record exactly once.
 */
class FaultInjectionSdkTest {
    private static final int RECORDS = 300;
    private static final double SHARE = 0.2;

    /** Counts every HTTP attempt the SDK makes, and those answered 400. */
    private static final class AttemptCounter implements ExecutionInterceptor {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            attempts.incrementAndGet();
            if (context.httpResponse().statusCode() == 400) {
                throttled.incrementAndGet();
            }
        }
    }

    @Test
    void shouldThrottleTheConfiguredShareOfCallsWhileRetriesDeliverEveryRecord() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> set = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/admin/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"stream\":\"flaky\",\"operations\":[\"PutRecord\"],\"throttle\":" + SHARE + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, set.statusCode(), set.body());

            AttemptCounter counter = new AttemptCounter();
            try (KinesisClient kinesis = patientClient(server.endpoint(), counter)) {
                kinesis.createStream(request -> request.streamName("flaky").shardCount(1));
                int before = counter.attempts.get();
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    String text = "record-" + i;
                    kinesis.putRecord(request -> request.streamName("flaky").partitionKey(text).data(SdkBytes.fromUtf8String(text)));
                    sent.add(text);
                }
                int attempts = counter.attempts.get() - before;
                double share = (double) counter.throttled.get() / attempts;
                assertTrue(share > 0.1 && share < 0.3, "throttled share " + share + " of " + attempts + " attempts, configured " + SHARE);

                List<String> read = new ArrayList<>();
                String iterator = kinesis.getShardIterator(request -> request.streamName("flaky").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(iterator));
                response.records().stream().map(Record::data).map(SdkBytes::asUtf8String).forEach(read::add);
                assertEquals(sent, read, "every record once, in order");
                assertEquals(RECORDS, new HashSet<>(read).size());
            }

            HttpResponse<Void> cleared = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint()
                + "/admin/faults/flaky")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(204, cleared.statusCode());
        }
    }

    @Test
    void shouldRefuseAMalformedRule() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/admin/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"stream\":\"s\",\"throttle\":1.5}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("Not a fault rule"), bad.body());
        }
    }

    /** A client that retries throttles up to ten times, quickly, so that a 20% fault share never exhausts it. */
    private static KinesisClient patientClient(URI endpoint, ExecutionInterceptor counter) {
        return KinesisClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAULTS", "secret")))
            .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(20)).build())
            .overrideConfiguration(config -> config.addExecutionInterceptor(counter)
                .retryStrategy(StandardRetryStrategy.builder().maxAttempts(10)
                    .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(1)))
                    .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(1)))
                    .circuitBreakerEnabled(false)
                    .retryOnException(software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException.class)
                    .build()))
            .build();
    }
}
