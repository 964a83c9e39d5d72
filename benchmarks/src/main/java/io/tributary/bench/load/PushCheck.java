package io.tributary.bench.load;

import io.tributary.bench.report.RunResult;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what the subscriptions of a fan-out run were pushed against what the server acknowledged:
 * every subscription to a shard must have been pushed exactly that shard's acknowledged records, each
 * once, in sequence-number order, byte for byte. Phases add up into one verification.
 *
 * <p>Concurrency: used from the load generator's main thread, after the subscriptions are done.
 */
public final class PushCheck {
    private long expected;
    private long delivered;
    private long mismatched;
    private long misplaced;
    private long missing;
    private long duplicates;
    private long unacknowledged;
    private long outOfOrder;
    private long badTimestamps;
    private boolean complete = true;
    private String firstFailure = "";
    private final Map<String, long[]> perShard = new LinkedHashMap<>();

    /** Adds one phase: its ledger and every subscription it made. */
    public void add(String phase, SequenceLedger ledger, List<ShardPush> pushes) {
        Map<Integer, int[]> orders = new LinkedHashMap<>();
        for (ShardPush push : pushes) {
            int[] order = orders.computeIfAbsent(push.shardIndex(), ledger::orderOn);
            int[] got = push.numbers();
            long[] counts = perShard.computeIfAbsent(push.shardId(), shard -> new long[2]);
            counts[0] += order.length;
            counts[1] += got.length;
            expected += order.length;
            delivered += got.length;
            mismatched += push.mismatched();
            outOfOrder += push.outOfOrder();
            badTimestamps += push.badTimestamps();
            compare(phase, ledger, push, order, got);
        }
    }

    private void compare(String phase, SequenceLedger ledger, ShardPush push, int[] order, int[] got) {
        BitSet seen = new BitSet(ledger.capacity());
        int matchedInOrder = 0;
        long found = 0;
        for (int number : got) {
            if (!ledger.acknowledged(number)) {
                unacknowledged++;
                continue;
            }
            if (seen.get(number)) {
                duplicates++;
                continue;
            }
            seen.set(number);
            if (ledger.shardOf(number) != push.shardIndex()) {
                misplaced++;
                continue;
            }
            found++;
            if (matchedInOrder < order.length && order[matchedInOrder] == number) {
                matchedInOrder++;
            }
        }
        missing += order.length - found;
        boolean exact = matchedInOrder == order.length && found == order.length;
        if (!exact) {
            complete &= found == order.length;
            if (firstFailure.isEmpty()) {
                firstFailure = phase + ", " + push.shardId() + ": pushed " + got.length + " records, " + found
                    + " of the " + order.length + " acknowledged, " + matchedInOrder + " in order"
                    + (push.failure() == null ? "" : "; the subscription failed: " + push.failure());
            }
            if (found == order.length) {
                outOfOrder++;
            }
        }
    }

    public RunResult.Verification verification() {
        boolean passed = complete && mismatched == 0 && misplaced == 0 && missing == 0 && duplicates == 0
            && outOfOrder == 0 && badTimestamps == 0 && firstFailure.isEmpty();
        Map<String, RunResult.ShardCount> shards = new LinkedHashMap<>();
        perShard.forEach((shard, counts) -> shards.put(shard, new RunResult.ShardCount(counts[0], counts[1])));
        return new RunResult.Verification(passed, expected, delivered, delivered - mismatched, mismatched, misplaced, missing,
            duplicates, unacknowledged, outOfOrder, badTimestamps, complete, firstFailure, shards);
    }
}
