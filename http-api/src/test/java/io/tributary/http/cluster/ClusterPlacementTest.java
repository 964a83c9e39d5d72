package io.tributary.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.http.support.Clients;
import io.tributary.http.support.ShardSubscriber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * Three server JVMs with {@code --replication-factor 1}: each data group, and so each shard, lives on
 * one node, yet every node serves every shard: GetShardIterator and GetRecords through the real
 * SDK, SubscribeToShard over HTTP/2, and a live tail of the whole stream (a WebSocket, as a browser
 * opens) read the shards a node does not hold from their groups; writes through any node reach the
 * shard's group.
 */
class ClusterPlacementTest extends ThreeNodeTest {
    private static final String STREAM = "placed";

    @Test
    @Timeout(180)
    void shouldServeEveryShardFromEveryNodeWhenEachShardLivesOnOneNode() throws Exception {
        cluster = ThreeNodes.start(data, List.of(), List.of("--replication-factor", "1"));
        cluster.createStream(STREAM, 3);
        for (int node = 0; node < 3; node++) {
            int writer = node;
            cluster.putBatch(attempt -> cluster.writer(writer), STREAM, "through-n" + (node + 1) + "-", 60);
        }

        for (int node = 0; node < 3; node++) {
            Set<String> held = new TreeSet<>(ThreeNodes.gauge(cluster.node(node), "tributary_cluster_group_commit_index").keySet());
            assertEquals(Set.of("data-" + node, "metadata"), held,
                "node " + (node + 1) + " holds its own data group alone, and the catalog");
        }

        List<String> everywhere = ThreeNodes.readAll(cluster.node(0), STREAM);
        cluster.assertHoldsExactlyWhatWasAcknowledged(everywhere);
        assertEquals(3, everywhere.stream().map(record -> record.substring(0, record.indexOf('/'))).distinct().count(),
            "the records are spread over the three shards");
        for (int node = 1; node < 3; node++) {
            assertEquals(everywhere, ThreeNodes.readAll(cluster.node(node), STREAM), "node " + (node + 1) + " serves every shard");
        }

        for (int node = 0; node < 3; node++) {
            assertEquals(everywhere, pushedThrough(node, "reader-" + node), "node " + (node + 1) + " pushes every shard's records");
        }

        List<String> sorted = everywhere.stream().sorted().toList();
        for (int node = 0; node < 3; node++) {
            assertEquals(sorted, tailed(node, everywhere.size()).stream().sorted().toList(),
                "a live tail of the whole stream on node " + (node + 1) + " shows every shard's records");
        }
    }

    /** The records a browser's live tail of the whole stream from TRIM_HORIZON shows through node {@code index}. */
    private List<String> tailed(int index, int expected) throws Exception {
        List<String> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        StringBuilder partial = new StringBuilder();
        ObjectMapper json = new ObjectMapper();
        URI uri = URI.create("ws://127.0.0.1:" + cluster.node(index).port() + "/v1/streams/" + STREAM + "/tail?from=TRIM_HORIZON");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode message = json.readTree(partial.toString());
                        if (message.path("type").asText().equals("record")) {
                            records.add(message.path("shardId").asText() + "/" + message.path("sequenceNumber").asText() + "/"
                                + message.path("text").asText());
                        }
                    } catch (java.io.IOException e) {
                        records.add("unreadable: " + partial);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return List.copyOf(records);
    }

    /** Every record of every shard, as SubscribeToShard from TRIM_HORIZON through node {@code index} pushes them. */
    private List<String> pushedThrough(int index, String consumerName) throws Exception {
        List<String> pushed = new ArrayList<>();
        try (KinesisClient control = Clients.sync(cluster.node(index).endpoint());
             KinesisAsyncClient push = Clients.async(cluster.node(index).endpoint(), Duration.ofMinutes(2))) {
            String streamArn = control.describeStreamSummary(request -> request.streamName(STREAM)).streamDescriptionSummary()
                .streamARN();
            String consumerArn = control.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName(consumerName))
                .consumer().consumerARN();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (control.describeStreamConsumer(request -> request.consumerARN(consumerArn)).consumerDescription()
                    .consumerStatus() != ConsumerStatus.ACTIVE) {
                assertTrue(System.nanoTime() < deadline, "the consumer became ACTIVE");
                Thread.sleep(100);
            }
            for (Shard shard : control.listShards(request -> request.streamName(STREAM)).shards()) {
                int count = (int) ThreeNodes.readAll(cluster.node(index), STREAM).stream()
                    .filter(record -> record.startsWith(shard.shardId() + "/")).count();
                ShardSubscriber subscriber = ShardSubscriber.start(push, consumerArn, shard.shardId(),
                    StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
                subscriber.awaitRecords(count, 30);
                subscriber.cancel();
                assertFalse(subscriber.outOfOrder().isPresent(), "in order: " + subscriber.outOfOrder().orElse(""));
                subscriber.records().forEach(record -> pushed.add(shard.shardId() + "/" + record.sequenceNumber() + "/"
                    + record.data().asUtf8String()));
            }
        }
        return pushed;
    }
}
