package io.tributary.bench.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * Enhanced fan-out consumers as separate applications run them: one AWS SDK async client each
 * (Netty, cleartext HTTP/2 with prior knowledge, CBOR, real signing; its own connection and event
 * loops), plus one more client for the control plane: the stream's ARN, registering consumers, and
 * deleting a stream that has them.
 *
 * <p>Concurrency: the clients are thread-safe; the control-plane methods block and are called from
 * the load generator's main thread.
 */
public final class ConsumerApps implements AutoCloseable {
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);
    private static final long ACTIVE_POLL_MILLIS = 50;
    /** Streams one consumer opens at once: one subscription per shard, with room for a slow close. */
    private static final int MAX_STREAMS_PER_CONSUMER = 256;

    private final KinesisAsyncClient control;
    private final List<KinesisAsyncClient> consumers;

    private ConsumerApps(KinesisAsyncClient control, List<KinesisAsyncClient> consumers) {
        this.control = control;
        this.consumers = consumers;
    }

    public static ConsumerApps open(URI endpoint, int consumers) {
        List<KinesisAsyncClient> clients = new ArrayList<>(consumers);
        for (int i = 0; i < consumers; i++) {
            clients.add(client(endpoint));
        }
        return new ConsumerApps(client(endpoint), clients);
    }

    private static KinesisAsyncClient client(URI endpoint) {
        return KinesisAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRIBUTARYBENCH", "bench")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2).maxConcurrency(MAX_STREAMS_PER_CONSUMER))
            .build();
    }

    /** Consumer {@code i}'s own client. */
    public KinesisAsyncClient consumer(int i) {
        return consumers.get(i);
    }

    public int count() {
        return consumers.size();
    }

    public String streamArn(String stream) throws Exception {
        return control.describeStreamSummary(b -> b.streamName(stream)).get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .streamDescriptionSummary().streamARN();
    }

    /** Registers one consumer per client, {@code <prefix>-<i>}, and answers their ARNs once all are ACTIVE. */
    public List<String> register(String streamArn, String prefix) throws Exception {
        List<String> arns = new ArrayList<>(consumers.size());
        for (int i = 0; i < consumers.size(); i++) {
            String name = prefix + "-" + i;
            arns.add(control.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name))
                .get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).consumer().consumerARN());
        }
        long deadline = System.nanoTime() + CONTROL_TIMEOUT.toNanos();
        for (String arn : arns) {
            while (control.describeStreamConsumer(b -> b.consumerARN(arn)).get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .consumerDescription().consumerStatus() != ConsumerStatus.ACTIVE) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new TimeoutException("consumer " + arn + " did not become ACTIVE within " + CONTROL_TIMEOUT);
                }
                Thread.sleep(ACTIVE_POLL_MILLIS);
            }
        }
        return arns;
    }

    /** Deletes a stream and its consumers; a failure is reported, not thrown, since the figures stand. */
    public void deleteStream(String stream) {
        try {
            control.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true))
                .get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.err.println("Could not delete stream " + stream + ": " + e);
        }
    }

    @Override
    public void close() {
        consumers.forEach(KinesisAsyncClient::close);
        control.close();
    }
}
