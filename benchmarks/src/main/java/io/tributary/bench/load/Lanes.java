package io.tributary.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop request lanes: each lane claims records from the budget, sends one request for them,
 * waits for the answer, records its latency, and repeats until the budget is spent. {@code lanes}
 * requests are in flight at once. Lanes are spread round-robin over the client's contexts.
 *
 * <p>Concurrency: a lane's state is touched only on its own context; the totals are merged after
 * every lane has finished.
 */
public final class Lanes {
    /** A lane gives up after this many failed requests in a row (the server is down or refusing). */
    private static final int MAX_CONSECUTIVE_FAILURES = 20;

    /** Sends one request for the claimed records and completes with how many the server acknowledged. */
    @FunctionalInterface
    public interface Step {
        Future<Integer> send(Budget.Claim claim);
    }

    /** What the lanes did, all together. */
    public record Totals(long requests, long acknowledged, long rejected, long failedRequests, String firstFailure,
                         Latencies latencies) {
    }

    private Lanes() {
    }

    public static Future<Totals> run(List<Context> contexts, int lanes, Budget budget, int batch, Step step) {
        List<Lane> all = new ArrayList<>(lanes);
        List<Future<Void>> done = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            Lane lane = new Lane(budget, batch, step);
            all.add(lane);
            done.add(lane.done.future());
            contexts.get(i % contexts.size()).runOnContext(ignored -> lane.next());
        }
        return Future.all(done).map(finished -> merge(all));
    }

    private static Totals merge(List<Lane> lanes) {
        Latencies latencies = new Latencies();
        long requests = 0;
        long acknowledged = 0;
        long rejected = 0;
        long failed = 0;
        String firstFailure = "";
        for (Lane lane : lanes) {
            latencies.add(lane.latencies);
            requests += lane.requests;
            acknowledged += lane.acknowledged;
            rejected += lane.rejected;
            failed += lane.failedRequests;
            if (firstFailure.isEmpty()) {
                firstFailure = lane.firstFailure;
            }
        }
        return new Totals(requests, acknowledged, rejected, failed, firstFailure, latencies);
    }

    private static final class Lane {
        private final Budget budget;
        private final int batch;
        private final Step step;
        private final Promise<Void> done = Promise.promise();
        private final Latencies latencies = new Latencies();
        private long requests;
        private long acknowledged;
        private long rejected;
        private long failedRequests;
        private int consecutiveFailures;
        private String firstFailure = "";

        Lane(Budget budget, int batch, Step step) {
            this.budget = budget;
            this.batch = batch;
            this.step = step;
        }

        void next() {
            if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                done.complete();
                return;
            }
            Budget.Claim claim = budget.claim(batch);
            if (claim.isEmpty()) {
                done.complete();
                return;
            }
            long start = System.nanoTime();
            Future<Integer> answer;
            try {
                answer = step.send(claim);
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onComplete(result -> {
                latencies.recordNanos(System.nanoTime() - start);
                requests++;
                if (result.succeeded()) {
                    consecutiveFailures = 0;
                    acknowledged += result.result();
                    rejected += claim.count() - result.result();
                } else {
                    consecutiveFailures++;
                    failedRequests++;
                    if (firstFailure.isEmpty()) {
                        firstFailure = String.valueOf(result.cause());
                    }
                }
                next();
            });
        }
    }
}
