package io.tributary.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * An open-loop producer: sends record {@code first + i} at {@code start + i / rate}, whether or not
 * earlier requests have been answered, so that a slow answer does not slow the schedule (no
 * coordinated omission). A one-millisecond timer sends every record that has come due; how late each
 * send was against its schedule is recorded, to show that the producer kept up.
 *
 * <p>Concurrency: runs on one context; the sends and their answers are handled there, and the
 * totals are handed over when every answer is in.
 */
public final class FixedRate {
    private static final long TICK_MILLIS = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Sends one record and completes with whether the server acknowledged it. */
    @FunctionalInterface
    public interface Sender {
        Future<Boolean> send(int number);
    }

    /** What the producer did: its requests, and how late it sent them against the schedule. */
    public record Totals(long requests, long acknowledged, long failedRequests, String firstFailure, Latencies sendLag,
                         Latencies putLatency) {
    }

    private final Context context;
    private final double recordsPerSecond;
    private final int first;
    private final int end;
    private final Sender sender;
    private final Promise<Totals> done = Promise.promise();
    private final Latencies sendLag = new Latencies();
    private final Latencies putLatency = new Latencies();
    private long startNanos;
    private int next;
    private long answered;
    private long acknowledged;
    private long failedRequests;
    private String firstFailure = "";

    private FixedRate(Context context, double recordsPerSecond, int first, int end, Sender sender) {
        this.context = context;
        this.recordsPerSecond = recordsPerSecond;
        this.first = first;
        this.end = end;
        this.sender = sender;
        this.next = first;
    }

    /** Sends records {@code [first, end)} at {@code recordsPerSecond}; completes when every one is answered. */
    public static Future<Totals> run(Context context, double recordsPerSecond, int first, int end, Sender sender) {
        FixedRate producer = new FixedRate(context, recordsPerSecond, first, end, sender);
        context.runOnContext(ignored -> producer.start());
        return producer.done.future();
    }

    private void start() {
        if (first >= end) {
            done.complete(totals());
            return;
        }
        startNanos = System.nanoTime();
        context.owner().setPeriodic(0, TICK_MILLIS, timer -> {
            sendDue();
            if (next >= end) {
                context.owner().cancelTimer(timer);
            }
        });
    }

    private void sendDue() {
        long now = System.nanoTime();
        long due = first + (long) ((now - startNanos) * recordsPerSecond / NANOS_PER_SECOND) + 1;
        while (next < end && next < due) {
            int number = next++;
            long scheduled = startNanos + (long) ((number - first) * NANOS_PER_SECOND / recordsPerSecond);
            long sent = System.nanoTime();
            sendLag.recordNanos(sent - scheduled);
            Future<Boolean> answer;
            try {
                answer = sender.send(number);
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onComplete(result -> answered(result.succeeded() && result.result(), result.cause(), sent));
        }
    }

    private void answered(boolean placed, Throwable failure, long sentNanos) {
        putLatency.recordNanos(System.nanoTime() - sentNanos);
        answered++;
        if (placed) {
            acknowledged++;
        } else {
            failedRequests++;
            if (firstFailure.isEmpty()) {
                firstFailure = failure == null ? "not placed" : failure.toString();
            }
        }
        if (answered == end - first) {
            done.complete(totals());
        }
    }

    private Totals totals() {
        return new Totals(answered, acknowledged, failedRequests, firstFailure, sendLag, putLatency);
    }
}
