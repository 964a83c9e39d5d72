package io.tributary.http;

import io.tributary.engine.Engine;
import io.tributary.engine.EngineConfig;
import io.tributary.http.api.Api;
import io.tributary.http.api.KinesisHandler;
import io.tributary.http.api.Operations;
import io.tributary.http.model.ServiceModel;
import io.tributary.websocket.BrowserRoutes;
import io.tributary.websocket.TailSettings;
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
 * A running Tributary: the engine and the HTTP verticles that serve the Kinesis API and the
 * browser-facing live tails, wired together.
 * Tests start it on port 0 and ask {@link #port()} where it listens.
 */
public final class TributaryServer {
    private final Vertx vertx;
    private final Engine engine;
    private final int port;

    private TributaryServer(Vertx vertx, Engine engine, int port) {
        this.vertx = vertx;
        this.engine = engine;
        this.port = port;
    }

    public static Future<TributaryServer> start(Vertx vertx, ServerConfig config) {
        ServiceModel model = ServiceModel.load();
        EngineConfig engineConfig;
        try {
            engineConfig = config.engineConfig(Clock.systemUTC());
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        return Engine.start(vertx, engineConfig)
            .compose(engine -> {
                KinesisHandler kinesis = new KinesisHandler(model, Operations.all(new Api(engine)), config.maxRequestBytes());
                BrowserRoutes browser = new BrowserRoutes(engine, new TailSettings(config.webSocketPingInterval()));
                List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
                return vertx.deployVerticle(() -> {
                        HttpVerticle instance = new HttpVerticle(config.host(), listenPort(config.port()), kinesis, browser);
                        instances.add(instance);
                        return instance;
                    }, new DeploymentOptions().setInstances(config.eventLoops()))
                    .map(deployed -> new TributaryServer(vertx, engine, sharedPort(instances)));
            });
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

    /** Flushes and closes the shard logs; the HTTP servers close with Vert.x. */
    public Future<Void> close() {
        return engine.close();
    }
}
