package io.tributary.bench.load;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out contiguous ranges of record numbers from {@code [first, end)} until all have been
 * handed out or the deadline has passed, whichever comes first.
 *
 * <p>Concurrency: thread-safe; lanes on several event loops claim from one budget.
 */
public final class Budget {
    private final AtomicInteger next;
    private final int end;
    private final long deadlineNanos;

    /** A range of record numbers to send: {@code [first, first + count)}; empty when the budget is spent. */
    public record Claim(int first, int count) {
        static final Claim NONE = new Claim(0, 0);

        public boolean isEmpty() {
            return count == 0;
        }
    }

    public Budget(int first, int end, long deadlineNanos) {
        this.next = new AtomicInteger(first);
        this.end = end;
        this.deadlineNanos = deadlineNanos;
    }

    public Claim claim(int max) {
        if (System.nanoTime() - deadlineNanos >= 0 || next.get() >= end) {
            return Claim.NONE;
        }
        int first = next.getAndAdd(max);
        if (first >= end || first < 0) {
            return Claim.NONE;
        }
        return new Claim(first, Math.min(max, end - first));
    }

    /** The first record number not handed out. */
    public int nextNumber() {
        int value = next.get();
        return value < 0 || value > end ? end : value;
    }
}
