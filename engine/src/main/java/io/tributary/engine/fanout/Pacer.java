package io.tributary.engine.fanout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A token bucket for one subscription's push rate: it may run up to one second ahead of its rate,
 * then each read waits until the bytes already sent are paid for. Time comes from the pipeline's
 * scheduler, so tests can run it on virtual time.
 *
 * <p>Concurrency: not thread-safe; used by one subscription pipeline, which runs on one context.
 */
final class Pacer {
    private static final long BURST_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final double nanosPerByte;
    private final Scheduler scheduler;
    /** When the bytes sent so far are paid for. */
    private long paidUntilNanos;

    Pacer(long bytesPerSecond, Scheduler scheduler) {
        this.nanosPerByte = (double) TimeUnit.SECONDS.toNanos(1) / bytesPerSecond;
        this.scheduler = scheduler;
        this.paidUntilNanos = scheduler.now(TimeUnit.NANOSECONDS);
    }

    /** Completes when the next read may start: at once, or once the pipeline is back within its rate. */
    Mono<Void> ready() {
        return Mono.defer(() -> {
            long wait = paidUntilNanos - BURST_NANOS - scheduler.now(TimeUnit.NANOSECONDS);
            return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait), scheduler).then();
        });
    }

    void spent(long bytes) {
        long now = scheduler.now(TimeUnit.NANOSECONDS);
        paidUntilNanos = Math.max(paidUntilNanos, now) + (long) (bytes * nanosPerByte);
    }
}
