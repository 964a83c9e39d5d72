package io.tributary.bench.load;

import io.tributary.bench.Payloads;
import io.tributary.bench.client.KinesisClient;
import io.tributary.bench.client.ReceivedRecord;
import io.tributary.bench.client.RecordsPage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Reads every shard from TRIM_HORIZON to its tip with GetRecords loops, one loop per shard, and
 * checks each record against the {@link Ledger}: read exactly once, on the shard that acknowledged
 * it, byte for byte what was sent, in increasing sequence-number order, with an arrival time inside
 * the run. A shard's loop ends when a page comes back empty at the tip, or at the deadline.
 *
 * <p>Concurrency: each shard's loop runs on one context and owns its {@link ShardRead}; the set of
 * records seen is shared and atomic. Results are merged after every loop has finished.
 */
public final class ReadBack {
    /** Records per GetRecords call: Kinesis's maximum. */
    public static final int PAGE_LIMIT = 10_000;
    private static final long CLOCK_SLACK_MILLIS = 60_000;
    private static final int MAX_CONSECUTIVE_FAILURES = 5;

    private final KinesisClient client;
    private final Ledger ledger;
    private final int recordBytes;
    private final long deadlineNanos;
    private final long earliestArrivalMillis;
    private final AtomicLongArray seen;

    /** What one shard's loop read and found. */
    public static final class ShardRead {
        final String shardId;
        final int shardIndex;
        final Latencies latencies = new Latencies();
        long requests;
        long read;
        long dataBytes;
        long byteExact;
        long mismatched;
        long misplaced;
        long unacknowledged;
        long duplicates;
        long outOfOrder;
        long badTimestamps;
        boolean reachedTip;
        String failure = "";
        private String lastSequence = "";

        ShardRead(String shardId) {
            this.shardId = shardId;
            this.shardIndex = ShardIds.index(shardId);
        }
    }

    /** Every shard's reading, merged. {@code perShard} maps shard id to [acknowledged, read]. */
    public record Totals(long requests, long read, long dataBytes, long acknowledged, long byteExact, long mismatched,
                         long misplaced, long unacknowledged, long duplicates, long missing, long outOfOrder,
                         long badTimestamps, boolean complete, String firstFailure, Map<String, long[]> perShard,
                         Latencies latencies) {

        public boolean passed() {
            return complete && mismatched == 0 && misplaced == 0 && duplicates == 0 && missing == 0 && outOfOrder == 0
                && badTimestamps == 0;
        }
    }

    public ReadBack(KinesisClient client, Ledger ledger, int recordBytes, long deadlineNanos, long earliestArrivalMillis) {
        this.client = client;
        this.ledger = ledger;
        this.recordBytes = recordBytes;
        this.deadlineNanos = deadlineNanos;
        this.earliestArrivalMillis = earliestArrivalMillis - CLOCK_SLACK_MILLIS;
        this.seen = new AtomicLongArray((ledger.capacity() + 63) / 64);
    }

    public Future<Totals> readAll(List<Context> contexts, String stream, List<String> shardIds) {
        List<ShardRead> reads = new ArrayList<>();
        List<Future<Void>> done = new ArrayList<>();
        for (int i = 0; i < shardIds.size(); i++) {
            ShardRead read = new ShardRead(shardIds.get(i));
            Promise<Void> finished = Promise.promise();
            reads.add(read);
            done.add(finished.future());
            contexts.get(i % contexts.size()).runOnContext(ignored -> client.trimHorizonIterator(stream, read.shardId)
                .onSuccess(iterator -> readFrom(read, iterator, 0, finished))
                .onFailure(failure -> {
                    read.failure = failure.toString();
                    finished.complete();
                }));
        }
        return Future.all(done).map(finished -> merge(reads, shardIds.size()));
    }

    private void readFrom(ShardRead read, String iterator, int failures, Promise<Void> finished) {
        if (System.nanoTime() - deadlineNanos >= 0) {
            read.failure = "deadline passed before the tip was reached";
            finished.complete();
            return;
        }
        long start = System.nanoTime();
        client.getRecords(iterator, PAGE_LIMIT).onComplete(answer -> {
            read.latencies.recordNanos(System.nanoTime() - start);
            read.requests++;
            if (answer.failed()) {
                read.failure = answer.cause().toString();
                if (failures + 1 >= MAX_CONSECUTIVE_FAILURES) {
                    finished.complete();
                } else {
                    readFrom(read, iterator, failures + 1, finished);
                }
                return;
            }
            RecordsPage page = answer.result();
            for (ReceivedRecord record : page.records()) {
                check(read, record);
            }
            if (page.caughtUp() || page.nextIterator().isEmpty()) {
                read.reachedTip = true;
                read.failure = "";
                finished.complete();
            } else {
                readFrom(read, page.nextIterator().get(), 0, finished);
            }
        });
    }

    private void check(ShardRead read, ReceivedRecord record) {
        read.read++;
        read.dataBytes += record.data().length;
        if (compareSequence(record.sequenceNumber(), read.lastSequence) <= 0) {
            read.outOfOrder++;
        }
        read.lastSequence = record.sequenceNumber();
        if (!record.timestampWellFormed() || record.arrivalMillis() < earliestArrivalMillis
            || record.arrivalMillis() > System.currentTimeMillis() + CLOCK_SLACK_MILLIS) {
            read.badTimestamps++;
        }
        int number = Payloads.numberOf(record.partitionKey());
        if (!ledger.acknowledged(number)) {
            read.unacknowledged++;
            return;
        }
        if (!markSeen(number)) {
            read.duplicates++;
            return;
        }
        if (ledger.shardOf(number) != read.shardIndex) {
            read.misplaced++;
        }
        if (Payloads.matches(number, record.data(), recordBytes)) {
            read.byteExact++;
        } else {
            read.mismatched++;
        }
    }

    /** Sequence numbers are decimal strings without leading zeros: longer is larger. */
    private static int compareSequence(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private boolean markSeen(int number) {
        int word = number >>> 6;
        long bit = 1L << (number & 63);
        while (true) {
            long current = seen.get(word);
            if ((current & bit) != 0) {
                return false;
            }
            if (seen.compareAndSet(word, current, current | bit)) {
                return true;
            }
        }
    }

    private Totals merge(List<ShardRead> reads, int shardCount) {
        int maxIndex = reads.stream().mapToInt(read -> read.shardIndex).max().orElse(0);
        long[] acknowledgedPerShard = ledger.countsPerShard(maxIndex + 1);
        Latencies latencies = new Latencies();
        Map<String, long[]> perShard = new LinkedHashMap<>();
        long requests = 0;
        long read = 0;
        long dataBytes = 0;
        long byteExact = 0;
        long mismatched = 0;
        long misplaced = 0;
        long unacknowledged = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long badTimestamps = 0;
        boolean complete = reads.size() == shardCount;
        String firstFailure = "";
        for (ShardRead shard : reads) {
            latencies.add(shard.latencies);
            perShard.put(shard.shardId, new long[] {acknowledgedPerShard[shard.shardIndex], shard.read});
            requests += shard.requests;
            read += shard.read;
            dataBytes += shard.dataBytes;
            byteExact += shard.byteExact;
            mismatched += shard.mismatched;
            misplaced += shard.misplaced;
            unacknowledged += shard.unacknowledged;
            duplicates += shard.duplicates;
            outOfOrder += shard.outOfOrder;
            badTimestamps += shard.badTimestamps;
            complete &= shard.reachedTip;
            if (firstFailure.isEmpty() && !shard.failure.isEmpty()) {
                firstFailure = shard.shardId + ": " + shard.failure;
            }
        }
        long acknowledged = ledger.acknowledgedCount();
        long found = byteExact + mismatched;
        return new Totals(requests, read, dataBytes, acknowledged, byteExact, mismatched, misplaced, unacknowledged,
            duplicates, acknowledged - found, outOfOrder, badTimestamps, complete, firstFailure, perShard, latencies);
    }
}
