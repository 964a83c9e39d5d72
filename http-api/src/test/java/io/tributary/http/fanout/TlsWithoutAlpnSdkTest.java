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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * The SDK's async client with its default HTTP settings on an https endpoint starts HTTP/2 right
 * after the TLS handshake, without ALPN: the TLS port must answer it, for requests and for
 * SubscribeToShard's event stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsWithoutAlpnSdkTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start("--tls-port", "0");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void shouldPutGetAndPushRecordsOverHttpsWithTheAsyncClientsDefaults() throws Exception {
        URI https = URI.create("https://localhost:" + server.server().tlsPort().orElseThrow());
        String stream = "tls-defaults";
        try (KinesisAsyncClient kinesis = Clients.asyncTlsDefaults(https)) {
            kinesis.createStream(request -> request.streamName(stream).shardCount(1)).join();
            String arn = kinesis.describeStreamSummary(request -> request.streamName(stream)).join()
                .streamDescriptionSummary().streamARN();
            String consumer = kinesis.registerStreamConsumer(request -> request.streamARN(arn).consumerName("defaults")).join()
                .consumer().consumerARN();
            ShardSubscriber subscriber = ShardSubscriber.start(kinesis, consumer, "shardId-000000000000",
                StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
            for (int i = 0; i < 3; i++) {
                int index = i;
                kinesis.putRecord(request -> request.streamName(stream).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("plain-" + index))).join();
            }
            String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
            GetRecordsResponse read = kinesis.getRecords(request -> request.shardIterator(iterator)).join();
            List<String> expected = List.of("plain-0", "plain-1", "plain-2");
            assertEquals(expected, read.records().stream().map(Record::data).map(SdkBytes::asUtf8String).toList());
            subscriber.awaitRecords(3, 30);
            assertEquals(expected, subscriber.records().stream().map(Record::data).map(SdkBytes::asUtf8String).toList());
            subscriber.cancel();
        }
    }
}
