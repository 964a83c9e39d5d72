package io.tributary.http.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.support.Clients;
import io.tributary.http.support.ShardSubscriber;
import io.tributary.http.support.TestServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * The https listener with its self-signed certificate: the SDK's async client puts, reads and
 * subscribes over HTTP/2 negotiated by ALPN and over HTTP/1.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSdkTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start("--tls-port", "0");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"HTTP2", "HTTP1_1"})
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void shouldPutAndPushRecordsOverHttps(Protocol protocol) throws Exception {
        URI https = URI.create("https://localhost:" + server.server().tlsPort().orElseThrow());
        String stream = "tls-" + protocol.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        try (KinesisAsyncClient kinesis = Clients.asyncTls(https, protocol)) {
            kinesis.createStream(request -> request.streamName(stream).shardCount(1)).join();
            String arn = kinesis.describeStreamSummary(request -> request.streamName(stream)).join()
                .streamDescriptionSummary().streamARN();
            String consumer = kinesis.registerStreamConsumer(request -> request.streamARN(arn).consumerName("secure")).join()
                .consumer().consumerARN();
            ShardSubscriber subscriber = ShardSubscriber.start(kinesis, consumer, "shardId-000000000000",
                StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
            for (int i = 0; i < 3; i++) {
                int index = i;
                kinesis.putRecord(request -> request.streamName(stream).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("secret-" + index))).join();
            }
            subscriber.awaitRecords(3, 30);
            assertEquals(List.of("secret-0", "secret-1", "secret-2"),
                subscriber.records().stream().map(Record::data).map(SdkBytes::asUtf8String).toList());
            subscriber.cancel();
        }
    }
}
