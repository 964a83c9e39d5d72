package io.tributary.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.support.Clients;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Status delays (a stream CREATING or DELETING, a consumer CREATING, for a set time, as Kinesis
 * takes) end even when the node that began them is killed before its timer fires: the metadata
 * group's leader ends a delay that has run past its time.
 */
class ClusterDelayTest extends ThreeNodeTest {

    @Test
    @Timeout(180)
    void shouldEndStatusDelaysWhoseNodeWasKilledBeforeTheyEnded() throws Exception {
        cluster = ThreeNodes.start(data, List.of(), List.of("--create-stream-delay-ms", "3000", "--delete-stream-delay-ms", "3000",
            "--consumer-delay-ms", "3000"));
        cluster.createStream("watched", 1);
        cluster.createStream("doomed", 1);

        String consumerArn;
        try (KinesisClient n3 = Clients.sync(cluster.node(2).endpoint())) {
            String streamArn = n3.describeStreamSummary(request -> request.streamName("watched")).streamDescriptionSummary().streamARN();
            consumerArn = n3.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName("reader")).consumer().consumerARN();
            n3.createStream(request -> request.streamName("late").shardCount(1));
            n3.deleteStream(request -> request.streamName("doomed"));
        }
        cluster.kill(2);

        try (KinesisClient n1 = Clients.sync(cluster.node(0).endpoint())) {
            awaitTrue(() -> n1.describeStreamSummary(request -> request.streamName("late")).streamDescriptionSummary().streamStatus()
                == StreamStatus.ACTIVE, "the stream n3 created becomes ACTIVE");
            awaitTrue(() -> n1.describeStreamConsumer(request -> request.consumerARN(consumerArn)).consumerDescription().consumerStatus()
                == ConsumerStatus.ACTIVE, "the consumer n3 registered becomes ACTIVE");
            awaitTrue(() -> {
                try {
                    n1.describeStreamSummary(request -> request.streamName("doomed"));
                    return false;
                } catch (ResourceNotFoundException gone) {
                    return true;
                }
            }, "the stream n3 deleted is gone");

            n1.putRecord(request -> request.streamName("late").partitionKey("k")
                .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("after the delay")));
            assertEquals(1, ThreeNodes.readAll(cluster.node(1), "late").size(), "the stream takes writes through the nodes left");
        }
    }

    /** Waits up to 30 s (ten times the delays) for {@code condition}. */
    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 30 s");
            }
            Thread.sleep(250);
        }
    }
}
