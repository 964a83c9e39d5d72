package io.tributary.engine.quota;

/**
 * A token bucket that refills continuously at a rate and holds at most one second's worth. It can
 * also be overdrawn: a large read takes what it used even past zero, and the bucket stays empty
 * until the debt is refilled, as Kinesis blocks a shard's reads for five seconds after a 10 MiB
 * GetRecords.
 *
 * <p>Concurrency: not thread-safe; each bucket belongs to one shard's owner, or is guarded by its user.
 */
public final class TokenBucket {
    private final double perNanosecond;
    private final double capacity;
    private double tokens;
    private long updatedNanos;

    public TokenBucket(double perSecond, long nowNanos) {
        this.perNanosecond = perSecond / 1_000_000_000d;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.updatedNanos = nowNanos;
    }

    /** Takes {@code amount} if the bucket holds that much; otherwise takes nothing. */
    public boolean tryTake(double amount, long nowNanos) {
        refill(nowNanos);
        if (tokens < amount) {
            return false;
        }
        tokens -= amount;
        return true;
    }

    /** Whether the bucket holds at least {@code amount}; a read is let through on any, then pays with {@link #take}. */
    public boolean has(double amount, long nowNanos) {
        refill(nowNanos);
        return tokens >= amount && tokens > 0;
    }

    /** Takes {@code amount} whatever is left, going into debt if need be. */
    public void take(double amount, long nowNanos) {
        refill(nowNanos);
        tokens -= amount;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNanosecond);
            updatedNanos = nowNanos;
        }
    }
}
