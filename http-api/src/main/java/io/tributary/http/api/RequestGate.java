package io.tributary.http.api;

import io.tributary.engine.Engine;
import io.tributary.engine.quota.ControlPlaneRates;
import io.tributary.engine.token.ShardIterator;
import io.tributary.http.protocol.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * What a valid request passes before its operation runs: the control-plane call rates (when
 * throughput limits are on) and any injected fault for the stream it names.
 *
 * <p>Concurrency: thread-safe.
 */
public final class RequestGate {
    private final Engine engine;
    private final Optional<ControlPlaneRates> rates;
    private final FaultInjector faults;

    public RequestGate(Engine engine, FaultInjector faults) {
        this.engine = engine;
        this.rates = engine.config().throughputLimits()
            ? Optional.of(new ControlPlaneRates(engine.config().accountId(), System::nanoTime))
            : Optional.empty();
        this.faults = faults;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Completes when the call may go on (after any injected latency), or fails with its error. */
    public Future<Void> admit(String operation, Input input) {
        rates.ifPresent(limits -> limits.admit(operation));
        Optional<String> stream = streamOf(input);
        if (stream.isEmpty()) {
            return Future.succeededFuture();
        }
        FaultInjector.Decision decision = faults.decide(operation, stream.get());
        Future<Void> delayed = decision.latencyMs() > 0
            ? Vertx.currentContext().owner().timer(decision.latencyMs())
            : Future.succeededFuture();
        return decision.failure().<Future<Void>>map(failure -> delayed.compose(waited -> Future.failedFuture(failure))).orElse(delayed);
    }

    /** The stream a request names: by name, by stream or consumer ARN, or through its shard iterator. */
    private Optional<String> streamOf(Input input) {
        Optional<String> named = input.string("StreamName");
        if (named.isPresent()) {
            return named;
        }
        Optional<String> arn = input.string("StreamARN").or(() -> input.string("ConsumerARN"));
        if (arn.isPresent()) {
            int start = arn.get().indexOf(":stream/");
            if (start >= 0) {
                String rest = arn.get().substring(start + ":stream/".length());
                int slash = rest.indexOf('/');
                return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return input.string("ShardIterator").flatMap(this::streamOfIterator);
    }

    private Optional<String> streamOfIterator(String token) {
        try {
            return Optional.of(ShardIterator.decode(token, engine.signer(), engine.config().clock().millis()).streamName());
        } catch (RuntimeException notAnIterator) {
            return Optional.empty();
        }
    }
}
