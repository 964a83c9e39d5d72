package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults an operator asks for, to test clients' retry logic: per stream, a share of calls answered
 * with ProvisionedThroughputExceededException or InternalFailure, and added latency. Off until a
 * rule is set, by {@code --fault-injection} at start or {@code /admin/faults} at run time.
 *
 * <p>A rule, as JSON: {@code {"stream": "orders", "operations": ["PutRecords"], "throttle": 0.3,
 * "internalFailure": 0.05, "latencyMs": 20}}; {@code operations} empty or absent means every
 * operation that names the stream.
 *
 * <p>Concurrency: thread-safe.
 */
public final class FaultInjector {
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private final String account;

    /** One stream's faults. */
    public record Rule(String stream, Set<String> operations, double throttle, double internalFailure, long latencyMs) {
        public Rule {
            if (throttle < 0 || internalFailure < 0 || throttle + internalFailure > 1 || latencyMs < 0) {
                throw new IllegalArgumentException("shares must be within 0..1 together, latency not negative");
            }
            operations = Set.copyOf(operations);
        }

        public static Rule fromJson(JsonObject json) {
            List<String> operations = new ArrayList<>();
            json.getJsonArray("operations", new JsonArray()).forEach(operation -> operations.add(String.valueOf(operation)));
            String stream = json.getString("stream");
            if (stream == null || stream.isBlank()) {
                throw new IllegalArgumentException("a fault rule names its stream");
            }
            return new Rule(stream, Set.copyOf(operations), json.getDouble("throttle", 0d), json.getDouble("internalFailure", 0d),
                json.getLong("latencyMs", 0L));
        }

        public JsonObject toJson() {
            return new JsonObject().put("stream", stream).put("operations", new JsonArray(List.copyOf(operations)))
                .put("throttle", throttle).put("internalFailure", internalFailure).put("latencyMs", latencyMs);
        }

        boolean covers(String operation) {
            return operations.isEmpty() || operations.contains(operation);
        }
    }

    /** What to do with one call: fail it, delay it, or neither. */
    public record Decision(Optional<KinesisException> failure, long latencyMs) {
        static final Decision NONE = new Decision(Optional.empty(), 0);
    }

    public FaultInjector(String account, List<Rule> initial) {
        this.account = account;
        initial.forEach(this::set);
    }

    public void set(Rule rule) {
        rules.put(rule.stream(), rule);
    }

    public boolean clear(String stream) {
        return rules.remove(stream) != null;
    }

    public void clearAll() {
        rules.clear();
    }

    public List<Rule> rules() {
        return List.copyOf(rules.values());
    }

    /** Draws the fate of one call of {@code operation} on {@code stream}. */
    public Decision decide(String operation, String stream) {
        Rule rule = rules.get(stream);
        if (rule == null || !rule.covers(operation)) {
            return Decision.NONE;
        }
        double draw = ThreadLocalRandom.current().nextDouble();
        Optional<KinesisException> failure = Optional.empty();
        if (draw < rule.throttle()) {
            failure = Optional.of(ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED.exception("Rate exceeded for stream " + stream
                + " under account " + account + "."));
        } else if (draw < rule.throttle() + rule.internalFailure()) {
            failure = Optional.of(ErrorCode.INTERNAL_FAILURE.exception(null));
        }
        return new Decision(failure, rule.latencyMs());
    }
}
