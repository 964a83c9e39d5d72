package io.tributary.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.ShardSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * The failures a replicated log must survive, with three server JVMs on loopback and the real SDK:
 * a leader that freezes (SIGSTOP) past the election timeout and then wakes while producers write
 * through it and through another node, so it must not acknowledge what the new leader lacks; and a
 * SubscribeToShard consumer on a follower that must receive every record in order across the
 * leader's kill, resubscribing from its continuation sequence number as a real consumer does; and
 * sixteen producers spread over the nodes while the leader of the busiest group is killed and
 * restarted three times.
 */
class ClusterFailureTest extends ThreeNodeTest {
    private static final String SHARD = "shardId-000000000000";

    @Test
    @Timeout(240)
    void shouldAcknowledgeNothingOnAPausedLeaderThatTheNewLeaderLacks() throws Exception {
        String stream = "paused";
        cluster = ThreeNodes.start(data);
        String group = createOneShardStream(stream);
        int leader = cluster.awaitLeaderOf(group);
        int other = (leader + 1) % 3;
        double termBefore = ThreeNodes.gauge(cluster.node(other), "tributary_cluster_group_term").get(group);

        int[] through = {leader, other};
        ThreeNodes.Producers producers = ThreeNodes.Producers.start(2, Integer.MAX_VALUE, (producer, batch) -> cluster.putBatch(
            attempt -> cluster.writer(through[producer]), stream, "via-" + through[producer] + "-" + batch + "-", 20));
        Thread.sleep(1500);
        cluster.pause(leader);
        // well past the election timeout (0.8 to 1.6 s), so the other two elect a leader among them
        Thread.sleep(6000);
        cluster.resume(leader);
        Thread.sleep(3000);
        producers.stop();
        assertEquals(List.of(), producers.failures(), "every producer's batches were acknowledged in the end");

        double termAfter = ThreeNodes.gauge(cluster.node(other), "tributary_cluster_group_term").get(group);
        assertTrue(termAfter > termBefore, "a new leader was elected while the old one was frozen: term " + termBefore
            + " then " + termAfter);
        List<String> held = ThreeNodes.readAll(cluster.node(other), stream);
        cluster.assertHoldsExactlyWhatWasAcknowledged(held);
        for (int i = 0; i < 3; i++) {
            assertEquals(held, ThreeNodes.readAll(cluster.node(i), stream), "node " + i + " holds the same records");
        }
        System.out.printf("%d records acknowledged across the pause, %d more from unacknowledged attempts%n",
            cluster.acknowledged.size(), held.size() - cluster.acknowledged.size());
    }

    /**
     * Run with {@code --durability interval}, in which a replica answers an append before its Raft log's
     * fsync (the other tests here run the default, fsync): the leader's kill -9 must lose nothing
     * acknowledged in that mode either.
     */
    @Test
    @Timeout(240)
    void shouldPushEveryRecordInOrderToASubscriberOnAFollowerAcrossTheLeadersKill() throws Exception {
        String stream = "pushed";
        cluster = ThreeNodes.start(data, List.of(), List.of("--durability", "interval"));
        String group = createOneShardStream(stream);
        int leader = cluster.awaitLeaderOf(group);
        int follower = (leader + 1) % 3;
        int writer = (leader + 2) % 3;

        List<Record> received = new ArrayList<>();
        int subscriptions;
        try (KinesisClient control = Clients.sync(cluster.node(follower).endpoint());
             KinesisAsyncClient push = Clients.async(cluster.node(follower).endpoint(), Duration.ofMinutes(6));
             KinesisClient producer = cluster.writer(writer)) {
            String streamArn = control.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary()
                .streamARN();
            String consumerArn = control.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName("follower-reader"))
                .consumer().consumerARN();
            awaitConsumerActive(control, consumerArn);
            Resubscriber reader = new Resubscriber(push, consumerArn);

            for (int batch = 0; batch < 10; batch++) {
                cluster.putBatch(attempt -> producer, stream, "before-" + batch + "-", 20);
            }
            cluster.kill(leader);
            for (int batch = 0; batch < 10; batch++) {
                cluster.putBatch(attempt -> producer, stream, "after-" + batch + "-", 20);
            }

            List<String> log = ThreeNodes.readAll(cluster.node(follower), stream);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (reader.positions().size() < log.size() && System.nanoTime() < deadline) {
                reader.keepSubscribed();
                Thread.sleep(50);
            }
            received.addAll(reader.records());
            subscriptions = reader.subscriptions();
            reader.cancel();
            assertEquals(log, reader.positions(), "the follower pushed exactly its log, in order, with no gap or repeat");
            cluster.assertHoldsExactlyWhatWasAcknowledged(log);
        }
        for (int i = 1; i < received.size(); i++) {
            assertTrue(new java.math.BigInteger(received.get(i - 1).sequenceNumber())
                .compareTo(new java.math.BigInteger(received.get(i).sequenceNumber())) < 0, "sequence numbers increase");
        }
        System.out.printf("%d records pushed by the follower over %d subscriptions%n", received.size(), subscriptions);
    }

    @Test
    @Timeout(300)
    void shouldKeepEveryAcknowledgedRecordOfSixteenProducersAcrossThreeKillsOfTheBusiestLeader() throws Exception {
        String stream = "busy";
        cluster = ThreeNodes.start(data);
        cluster.createStream(stream, 4);
        // each producer starts on its own node and moves to the next one when a call fails; they
        // write until stopped (a cap of 3,000 batches bounds a run that goes wrong)
        ThreeNodes.Producers producers = ThreeNodes.Producers.start(16, 3_000, (producer, batch) -> {
            cluster.putBatch(attempt -> cluster.writer((producer + attempt - 1) % 3), stream, "p" + producer + "-" + batch + "-", 10);
            Thread.sleep(100);
        });
        for (int round = 1; round <= 3; round++) {
            Thread.sleep(2000);
            java.util.Map<String, Double> commits = ThreeNodes.gauge(cluster.node((round + 1) % 3), "tributary_cluster_group_commit_index");
            String busiest = commits.entrySet().stream().filter(entry -> entry.getKey().startsWith("data-"))
                .max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            int leader = cluster.awaitLeaderOf(busiest);
            System.out.printf("round %d: killing n%d, the leader of %s, the busiest group%n", round, leader + 1, busiest);
            cluster.kill(leader);
            Thread.sleep(3000);
            cluster.restart(leader);
            ThreeNodes.awaitActive(cluster.node(leader), stream);
        }
        boolean stillWriting = cluster.awaitMoreAcknowledged(16 * 10, Duration.ofSeconds(60), producers);
        producers.stop();
        assertEquals(List.of(), producers.failures(), "every producer's batches were acknowledged in the end");
        assertTrue(stillWriting, "the producers wrote at least 16 more batches after the last restart");

        List<String> held = ThreeNodes.readAll(cluster.node(0), stream);
        cluster.assertHoldsExactlyWhatWasAcknowledged(held);
        for (int i = 1; i < 3; i++) {
            assertEquals(held, ThreeNodes.readAll(cluster.node(i), stream), "node " + i + " holds the same records");
        }
        System.out.printf("%d records acknowledged to 16 producers across three kills, %d more from unacknowledged attempts%n",
            cluster.acknowledged.size(), held.size() - cluster.acknowledged.size());
    }

    /** Creates a one-shard stream, waits until every node has it, and returns its shard's data group. */
    private String createOneShardStream(String stream) throws Exception {
        cluster.createStream(stream, 1);
        return ThreeNodes.groupWritten(cluster.node(0), () -> cluster.putBatch(attempt -> cluster.writer(0), stream, "warm-", 10));
    }

    private static void awaitConsumerActive(KinesisClient control, String consumerArn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (control.describeStreamConsumer(request -> request.consumerARN(consumerArn)).consumerDescription().consumerStatus()
            != ConsumerStatus.ACTIVE) {
            assertTrue(System.nanoTime() < deadline, "the consumer became ACTIVE");
            Thread.sleep(100);
        }
    }

    /**
     * A consumer's SubscribeToShard loop: when a subscription ends, for whatever reason, it subscribes
     * again after the continuation sequence number of the last event it had (from TRIM_HORIZON at
     * first), as the Kinesis Client Library does.
     */
    private static final class Resubscriber {
        private final KinesisAsyncClient push;
        private final String consumerArn;
        private final List<ShardSubscriber> done = new ArrayList<>();
        private ShardSubscriber current;
        private String continuation;
        private long pausedUntil;

        Resubscriber(KinesisAsyncClient push, String consumerArn) {
            this.push = push;
            this.consumerArn = consumerArn;
            subscribe();
        }

        private void subscribe() {
            StartingPosition start = continuation == null
                ? StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build()
                : StartingPosition.builder().type(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(continuation).build();
            current = ShardSubscriber.start(push, consumerArn, SHARD, start);
        }

        /** Subscribes again (after a short pause, as a consumer backs off) once the current call has ended. */
        void keepSubscribed() {
            if (!current.call().isDone()) {
                return;
            }
            if (pausedUntil == 0) {
                pausedUntil = System.nanoTime() + Duration.ofMillis(200).toNanos();
                return;
            }
            if (System.nanoTime() < pausedUntil) {
                return;
            }
            pausedUntil = 0;
            List<SubscribeToShardEvent> events = current.events();
            if (!events.isEmpty()) {
                continuation = events.get(events.size() - 1).continuationSequenceNumber();
            }
            done.add(current);
            subscribe();
        }

        List<Record> records() {
            List<Record> all = new ArrayList<>();
            done.forEach(subscriber -> all.addAll(subscriber.records()));
            all.addAll(current.records());
            return all;
        }

        List<String> positions() {
            return records().stream().map(record -> SHARD + "/" + record.sequenceNumber() + "/"
                + record.data().asUtf8String()).toList();
        }

        int subscriptions() {
            return done.size() + 1;
        }

        void cancel() {
            current.cancel();
        }
    }
}
