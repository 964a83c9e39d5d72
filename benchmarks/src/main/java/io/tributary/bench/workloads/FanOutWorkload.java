package io.tributary.bench.workloads;

import io.tributary.bench.BenchConfig;
import io.tributary.bench.PhaseMeter;
import io.tributary.bench.Payloads;
import io.tributary.bench.Session;
import io.tributary.bench.client.ConsumerApps;
import io.tributary.bench.client.OutgoingRecord;
import io.tributary.bench.load.Budget;
import io.tributary.bench.load.FixedRate;
import io.tributary.bench.load.Lanes;
import io.tributary.bench.load.Latencies;
import io.tributary.bench.load.PushCheck;
import io.tributary.bench.load.SequenceLedger;
import io.tributary.bench.load.ShardPush;
import io.tributary.bench.report.RunResult;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * fan-out: enhanced fan-out consumers, each its own AWS SDK async client over cleartext HTTP/2,
 * every one subscribed to every shard (SubscribeToShard), in two phases on two fresh streams:
 *
 * <ol>
 *   <li><b>Push latency</b> (the measured phase): an open-loop producer puts {@code --put-rate}
 *       records a second with PutRecord, spread over the shards by their partition keys, each
 *       record carrying its send time; for every record every subscription is pushed, the latency is
 *       the time the event reached the subscriber minus that send time. Untimed for
 *       {@code --warmup-seconds}, then measured for {@code --seconds}.</li>
 *   <li><b>Push throughput</b>: a backlog of {@code --records} is put with PutRecords as fast as it
 *       goes (the load phase), then every consumer subscribes to every shard from TRIM_HORIZON, and
 *       the push phase lasts until every subscription has been pushed all of its shard's records.
 *       The server paces each subscription at its {@code --fan-out-bytes-per-second}.</li>
 * </ol>
 *
 * <p>Afterwards every subscription must have been pushed exactly its shard's acknowledged records,
 * each once, in sequence-number order, byte for byte ({@link PushCheck}).
 */
public final class FanOutWorkload implements WorkloadRunner {
    /** Time for the last pushes to arrive after the last put was answered. */
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(60);
    /** Kinesis ends a subscription after five minutes; the backlog push has to finish well inside it. */
    private static final Duration PUSH_BOUND = Duration.ofMinutes(4);
    private static final Duration LOAD_BOUND = Duration.ofMinutes(5);
    private static final Duration SUBSCRIBE_BOUND = Duration.ofSeconds(60);
    private static final long PROGRESS_POLL_MILLIS = 5;
    private static final StartingPosition TRIM_HORIZON = StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build();

    @Override
    public RunResult run(Session session) throws Exception {
        BenchConfig config = session.config();
        long runStartMillis = System.currentTimeMillis();
        PushCheck check = new PushCheck();
        try (ConsumerApps apps = ConsumerApps.open(session.target().endpoint(), config.consumers())) {
            Latency latency = latencyPhase(session, apps, check, runStartMillis);
            Backlog backlog = backlogPhase(session, apps, check, runStartMillis);
            RunResult.FanOut fanOut = new RunResult.FanOut(config.consumers(), config.consumers() * config.shards(),
                config.fanOutBytesPerSecond().isPresent() ? config.fanOutBytesPerSecond().getAsLong() : null,
                config.putRate(), latency.producer().sendLag().summary(), latency.producer().putLatency().summary(),
                backlog.push());
            return Results.ofFanOut(session, latency.phase(), backlog.load(), check.verification(), fanOut);
        }
    }

    private record Latency(RunResult.Phase phase, FixedRate.Totals producer) {
    }

    private record Backlog(RunResult.Phase load, RunResult.Phase push) {
    }

    private Latency latencyPhase(Session session, ConsumerApps apps, PushCheck check, long runStartMillis) throws Exception {
        BenchConfig config = session.config();
        int warmupRecords = (int) (config.putRate() * config.warmup().toSeconds());
        int measuredRecords = (int) Math.min(BenchConfig.MAX_RECORDS - warmupRecords,
            (long) config.putRate() * config.duration().toSeconds());
        int end = warmupRecords + measuredRecords;
        Session.Stream stream = session.createStream(config.shards());
        SequenceLedger ledger = new SequenceLedger(end);
        List<ShardPush> pushes = subscribeAll(apps, stream, apps.register(apps.streamArn(stream.name()), "latency"),
            config.recordBytes(), warmupRecords, end, runStartMillis);
        awaitEstablished(pushes);

        Context producer = session.contexts().get(0);
        FixedRate.Sender send = number -> session.client()
            .putRecord(stream.name(), new OutgoingRecord(Payloads.partitionKey(number),
                Payloads.timedData(number, config.recordBytes(), System.nanoTime())))
            .map(placement -> PutSteps.acknowledge(ledger, number, placement));
        Session.await(FixedRate.run(producer, config.putRate(), 0, warmupRecords, send),
            config.warmup().plus(PutWorkload.IN_FLIGHT_GRACE));

        PhaseMeter meter = session.startPhase();
        FixedRate.Totals totals = Session.await(FixedRate.run(producer, config.putRate(), warmupRecords, end, send),
            config.duration().plus(PutWorkload.IN_FLIGHT_GRACE));
        awaitDelivered(pushes, ledger, config.shards(), DRAIN_BOUND);
        Latencies latencies = new Latencies();
        long delivered = 0;
        long bytes = 0;
        for (ShardPush push : pushes) {
            latencies.add(push.latencies());
            delivered += push.measuredDelivered();
            bytes += push.measuredBytes();
        }
        RunResult.Phase phase = meter.stop("SubscribeToShard", new PhaseMeter.Counts(totals.requests(), delivered,
            totals.failedRequests(), totals.failedRequests(), totals.firstFailure(), bytes, latencies));

        pushes.forEach(ShardPush::cancel);
        check.add("latency phase", ledger, pushes);
        apps.deleteStream(stream.name());
        return new Latency(phase, totals);
    }

    private Backlog backlogPhase(Session session, ConsumerApps apps, PushCheck check, long runStartMillis) throws Exception {
        BenchConfig config = session.config();
        Session.Stream stream = session.createStream(config.shards());
        List<String> consumers = apps.register(apps.streamArn(stream.name()), "backlog");
        SequenceLedger ledger = new SequenceLedger(config.records());

        PhaseMeter loadMeter = session.startPhase();
        Budget budget = new Budget(0, config.records(), System.nanoTime() + LOAD_BOUND.toNanos());
        Lanes.Totals loaded = Session.await(Lanes.run(session.contexts(), config.concurrency(), budget, config.batchSize(),
                PutSteps.putTimedRecords(session.client(), stream.name(), ledger, config.recordBytes())),
            LOAD_BOUND.plus(PutWorkload.IN_FLIGHT_GRACE));
        RunResult.Phase load = loadMeter.stop("PutRecords", PutWorkload.counts(loaded, config.recordBytes()));

        PhaseMeter pushMeter = session.startPhase();
        List<ShardPush> pushes = subscribeAll(apps, stream, consumers, config.recordBytes(), 0, 0, runStartMillis);
        awaitDelivered(pushes, ledger, config.shards(), PUSH_BOUND);
        long delivered = pushes.stream().mapToLong(ShardPush::delivered).sum();
        long failed = pushes.stream().filter(push -> push.failure() != null).count();
        String firstFailure = pushes.stream().filter(push -> push.failure() != null).findFirst()
            .map(push -> push.shardId() + ": " + push.failure()).orElse("");
        RunResult.Phase push = pushMeter.stop("SubscribeToShard", new PhaseMeter.Counts(pushes.size(), delivered, 0, failed,
            firstFailure, delivered * config.recordBytes(), new Latencies()));

        pushes.forEach(ShardPush::cancel);
        check.add("backlog phase", ledger, pushes);
        apps.deleteStream(stream.name());
        return new Backlog(load, push);
    }

    /** Every consumer subscribes to every shard; the calls go out at once, as independent applications would make them. */
    private static List<ShardPush> subscribeAll(ConsumerApps apps, Session.Stream stream, List<String> consumers,
                                                int recordBytes, int measuredFrom, int measuredTo, long runStartMillis) {
        List<ShardPush> pushes = new ArrayList<>(consumers.size() * stream.shardIds().size());
        for (int i = 0; i < consumers.size(); i++) {
            for (String shardId : stream.shardIds()) {
                pushes.add(ShardPush.subscribe(apps.consumer(i), consumers.get(i), shardId, TRIM_HORIZON, recordBytes,
                    measuredFrom, measuredTo, runStartMillis));
            }
        }
        return pushes;
    }

    private static void awaitEstablished(List<ShardPush> pushes) throws Exception {
        long deadline = System.nanoTime() + SUBSCRIBE_BOUND.toNanos();
        for (ShardPush push : pushes) {
            push.established().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Waits until every subscription has been pushed as many records as its shard acknowledged, or
     * has ended; a timeout leaves the shortfall for the check to report.
     */
    private static void awaitDelivered(List<ShardPush> pushes, SequenceLedger ledger, int shards, Duration bound)
        throws InterruptedException {
        long[] acknowledged = new long[shards];
        for (int number = 0; number < ledger.capacity(); number++) {
            if (ledger.acknowledged(number) && ledger.shardOf(number) < shards) {
                acknowledged[ledger.shardOf(number)]++;
            }
        }
        long deadline = System.nanoTime() + bound.toNanos();
        for (ShardPush push : pushes) {
            while (push.delivered() < acknowledged[push.shardIndex()] && !push.ended()) {
                if (System.nanoTime() - deadline >= 0) {
                    System.err.println("Not every subscription was pushed every record within " + bound + "; "
                        + push.shardId() + " has " + push.delivered() + " of " + acknowledged[push.shardIndex()]);
                    return;
                }
                Thread.sleep(PROGRESS_POLL_MILLIS);
            }
        }
    }
}
