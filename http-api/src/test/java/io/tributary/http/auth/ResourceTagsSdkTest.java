package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Tag;

/**
 * Tags by ARN through the real SDK: a stream's tags are the same whether set by TagResource or
 * AddTagsToStream, a consumer has tags of its own, and tags and resource policies of streams and
 * consumers survive a restart in the catalog.
 */
class ResourceTagsSdkTest {
    private static final String ARN_PREFIX = "arn:aws:kinesis:us-east-1:000000000000:stream/";

    @Test
    void shouldShareAStreamsTagsBetweenTheStreamAndTheResourceOperationsAndKeepConsumerTagsApart() throws Exception {
        Path data = Files.createTempDirectory("tributary-tags");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
            + "\"Action\":\"kinesis:DescribeStreamConsumer\"}]}";
        String consumerArn;
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("tagged").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(request -> request.streamName("tagged"));
            String streamArn = ARN_PREFIX + "tagged";
            kinesis.tagResource(request -> request.resourceARN(streamArn).tags(Map.of("team", "data", "env", "dev")));
            kinesis.addTagsToStream(request -> request.streamName("tagged").tags(Map.of("cost", "42")));
            kinesis.untagResource(request -> request.resourceARN(streamArn).tagKeys("env"));
            assertEquals(Map.of("cost", "42", "team", "data"), tags(kinesis.listTagsForResource(request -> request.resourceARN(streamArn))
                .tags()));
            assertEquals(Map.of("cost", "42", "team", "data"), tags(kinesis.listTagsForStream(request -> request.streamName("tagged"))
                .tags()));

            consumerArn = kinesis.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName("c")).consumer()
                .consumerARN();
            awaitActive(kinesis, consumerArn);
            String consumer = consumerArn;
            kinesis.tagResource(request -> request.resourceARN(consumer).tags(Map.of("owner", "alice")));
            kinesis.putResourcePolicy(request -> request.resourceARN(consumer).policy(policy));
            assertEquals(Map.of("owner", "alice"), tags(kinesis.listTagsForResource(request -> request.resourceARN(consumer)).tags()));
            assertEquals(Map.of("cost", "42", "team", "data"), tags(kinesis.listTagsForResource(request -> request.resourceARN(streamArn))
                .tags()));

            KinesisException unknown = assertThrows(KinesisException.class, () -> kinesis.listTagsForResource(request -> request
                .resourceARN(streamArn + "/consumer/nobody:1")));
            assertEquals("ResourceNotFoundException", unknown.awsErrorDetails().errorCode());
            KinesisException tooMany = assertThrows(KinesisException.class, () -> kinesis.tagResource(request -> request
                .resourceARN(consumer).tags(manyTags())));
            assertEquals("InvalidArgumentException", tooMany.awsErrorDetails().errorCode());
        }
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            String consumer = consumerArn;
            assertEquals(Map.of("owner", "alice"), tags(kinesis.listTagsForResource(request -> request.resourceARN(consumer)).tags()));
            assertEquals(policy, kinesis.getResourcePolicy(request -> request.resourceARN(consumer)).policy());
            assertEquals(Map.of("cost", "42", "team", "data"), tags(kinesis.listTagsForStream(request -> request.streamName("tagged"))
                .tags()));
        } finally {
            TestServer.deleteRecursively(data);
        }
    }

    private static Map<String, String> manyTags() {
        return java.util.stream.IntStream.range(0, 51).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static void awaitActive(KinesisClient kinesis, String consumerArn) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (kinesis.describeStreamConsumer(request -> request.consumerARN(consumerArn)).consumerDescription().consumerStatus()
                == ConsumerStatus.ACTIVE) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
