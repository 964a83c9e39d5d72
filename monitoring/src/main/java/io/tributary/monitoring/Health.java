package io.tributary.monitoring;

import io.tributary.engine.Engine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Liveness and readiness. The server is live while it answers at all. It is ready when the engine
 * has recovered its streams from the data directory (a {@code Health} exists only for a started
 * engine) and is not shutting down, and when storage takes writes ({@link StorageProbe}).
 *
 * <p>Concurrency: thread-safe.
 */
public final class Health {
    static final String UP = "UP";
    static final String DOWN = "DOWN";

    private final StorageProbe storage;
    private volatile boolean closing;
    /** Further readiness checks by name (cluster mode's quorum): empty when UP, else why DOWN. */
    private final java.util.Map<String, java.util.function.Supplier<java.util.Optional<String>>> checks =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The health of a started engine: it has recovered what its data directory holds. */
    public Health(Vertx vertx, Engine engine) {
        this.storage = new StorageProbe(vertx, engine.config().storage());
    }

    /** Adds a readiness check: {@code check} answers empty when UP, or why it is DOWN. */
    public void addCheck(String name, java.util.function.Supplier<java.util.Optional<String>> check) {
        checks.put(name, check);
    }

    /** The server is shutting down: readiness fails from now on, so that traffic goes elsewhere. */
    public void closing() {
        closing = true;
    }

    /** A report that answers 200 when {@code status} is UP and 503 otherwise. */
    public record Report(boolean up, JsonObject body) {
        public int httpStatus() {
            return up ? 200 : 503;
        }
    }

    public Report liveness() {
        return new Report(true, new JsonObject().put("status", UP));
    }

    /**
     * Each check by name ({@code recovery}, {@code storage}) with UP or DOWN and, when DOWN, why.
     * The future always succeeds: a failed check is a DOWN report.
     */
    public Future<Report> readiness() {
        JsonObject recovery = closing ? down("shutting down") : new JsonObject().put("status", UP);
        return storage.check()
            .map(ok -> new JsonObject().put("status", UP))
            .otherwise(failure -> down("the data directory does not take writes: " + failure))
            .map(storageCheck -> {
                boolean up = UP.equals(recovery.getString("status")) && UP.equals(storageCheck.getString("status"));
                JsonObject all = new JsonObject().put("recovery", recovery).put("storage", storageCheck);
                for (var check : checks.entrySet()) {
                    java.util.Optional<String> downBecause = check.getValue().get();
                    up &= downBecause.isEmpty();
                    all.put(check.getKey(), downBecause.map(Health::down).orElseGet(() -> new JsonObject().put("status", UP)));
                }
                return new Report(up, new JsonObject().put("status", up ? UP : DOWN).put("checks", all));
            });
    }

    private static JsonObject down(String reason) {
        return new JsonObject().put("status", DOWN).put("reason", reason);
    }
}
