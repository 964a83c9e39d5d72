package io.tributary.monitoring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The monitoring endpoints, mounted on the server's router next to the Kinesis API:
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format (0.0.4), for Prometheus to scrape;</li>
 *   <li>{@code GET /health/live}: 200 while the process serves;</li>
 *   <li>{@code GET /health/ready}: 200 when the engine has recovered and storage takes writes, 503
 *       otherwise, with each check's status in a JSON body.</li>
 * </ul>
 *
 * <p>Concurrency: stateless; handlers run on the event loop of the HTTP verticle that received the
 * request, and the storage check runs on a worker.
 */
public final class MonitoringRoutes {
    public static final String METRICS_PATH = "/metrics";
    public static final String LIVENESS_PATH = "/health/live";
    public static final String READINESS_PATH = "/health/ready";

    private final PrometheusMeterRegistry registry;
    private final Health health;

    public MonitoringRoutes(PrometheusMeterRegistry registry, Health health) {
        this.registry = registry;
        this.health = health;
    }

    /** Adds the three routes; mount them before any catch-all route. */
    public void mount(Router router) {
        router.get(METRICS_PATH).handler(PrometheusScrapingHandler.create(registry));
        router.get(LIVENESS_PATH).handler(context -> send(context, health.liveness()));
        router.get(READINESS_PATH).handler(context -> health.readiness().onSuccess(report -> send(context, report)));
    }

    private static void send(RoutingContext context, Health.Report report) {
        context.response()
            .setStatusCode(report.httpStatus())
            .putHeader("Content-Type", "application/json")
            .end(report.body().encode());
    }
}
