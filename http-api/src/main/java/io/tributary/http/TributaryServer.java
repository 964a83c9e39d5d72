package io.tributary.http;

import io.tributary.engine.Engine;
import io.tributary.engine.EngineConfig;
import io.tributary.http.api.Api;
import io.tributary.http.api.KinesisHandler;
import io.tributary.http.api.Operations;
import io.tributary.http.model.ServiceModel;
import io.tributary.monitoring.Health;
import io.tributary.monitoring.Monitoring;
import io.tributary.monitoring.MonitoringRoutes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A running Tributary: the engine, its monitoring and the HTTP verticles that serve the Kinesis API
 * and the monitoring endpoints, wired together. Tests start it on port 0 and ask {@link #port()}
 * where it listens.
 */
public final class TributaryServer {
    private final Vertx vertx;
    private final Engine engine;
    private final Monitoring monitoring;
    private final Health health;
    private final int port;

    private TributaryServer(Vertx vertx, Engine engine, Monitoring monitoring, Health health, int port) {
        this.vertx = vertx;
        this.engine = engine;
        this.monitoring = monitoring;
        this.health = health;
        this.port = port;
    }

    /** A server with monitoring of its own; Vert.x's meters are not in it (see {@link Monitoring#vertxOptions}). */
    public static Future<TributaryServer> start(Vertx vertx, ServerConfig config) {
        return start(vertx, config, Monitoring.create());
    }

    /**
     * Starts the engine, recording to {@code monitoring}'s registry, and then the HTTP verticles.
     * The server owns {@code monitoring} from now on and closes it with itself.
     */
    public static Future<TributaryServer> start(Vertx vertx, ServerConfig config, Monitoring monitoring) {
        ServiceModel model = ServiceModel.load();
        EngineConfig engineConfig;
        try {
            engineConfig = config.engineConfig(Clock.systemUTC());
        } catch (IOException e) {
            monitoring.close();
            return Future.failedFuture(e);
        }
        return Engine.start(vertx, engineConfig, monitoring.registry())
            .compose(engine -> {
                KinesisHandler kinesis = new KinesisHandler(model, Operations.all(new Api(engine)), config.maxRequestBytes());
                Health health = new Health(vertx, engine);
                MonitoringRoutes routes = new MonitoringRoutes(monitoring.registry(), health);
                List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
                return vertx.deployVerticle(() -> {
                        HttpVerticle instance = new HttpVerticle(config.host(), listenPort(config.port()), kinesis, routes);
                        instances.add(instance);
                        return instance;
                    }, new DeploymentOptions().setInstances(config.eventLoops()))
                    .map(deployed -> new TributaryServer(vertx, engine, monitoring, health, sharedPort(instances)));
            })
            .onFailure(failed -> monitoring.close());
    }

    /**
     * Instances that listen on the same port share one socket. Port 0 would give each instance its
     * own free port; a negative port asks Vert.x for one free port shared by all instances.
     */
    private static int listenPort(int configured) {
        return configured == 0 ? -1 : configured;
    }

    /** The one port every instance ended up listening on. */
    private static int sharedPort(List<HttpVerticle> instances) {
        Set<Integer> ports = instances.stream().map(HttpVerticle::actualPort).collect(Collectors.toSet());
        if (ports.size() != 1) {
            throw new IllegalStateException("HTTP verticles listen on different ports: " + ports);
        }
        return ports.iterator().next();
    }

    public int port() {
        return port;
    }

    public Engine engine() {
        return engine;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /**
     * Turns readiness off, flushes and closes the shard logs, and closes the metrics registry; the
     * HTTP servers close with Vert.x.
     */
    public Future<Void> close() {
        health.closing();
        return engine.close().eventually(() -> {
            monitoring.close();
            return Future.succeededFuture();
        });
    }
}
