package io.tributary.http;

import io.tributary.engine.Engine;
import io.tributary.engine.log.ShardLogFactory;
import io.tributary.http.api.Api;
import io.tributary.http.api.KinesisHandler;
import io.tributary.http.api.Operations;
import io.tributary.http.model.ServiceModel;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * A running Tributary: the engine and the HTTP verticles that serve the Kinesis API, wired together.
 * Tests start it on port 0 and ask {@link #port()} where it listens.
 */
public final class TributaryServer {
    /**
     * How Vert.x is asked for one random port that every HTTP verticle shares. With port 0 the first
     * instance binds a random port that is not registered for sharing, and the next ones, listening
     * on that port, fail with "Address already in use". Negative ports name shared random ports.
     */
    private static final int SHARED_RANDOM_PORT = -1;

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
        return Engine.start(vertx, config.engineConfig(Clock.systemUTC()), ShardLogFactory.inMemory())
            .compose(engine -> {
                KinesisHandler kinesis = new KinesisHandler(model, Operations.all(new Api(engine)), config.maxRequestBytes());
                int listenPort = config.port() == 0 ? SHARED_RANDOM_PORT : config.port();
                HttpVerticle first = new HttpVerticle(config.host(), listenPort, kinesis);
                return vertx.deployVerticle(first).compose(deployed -> {
                    int port = first.actualPort();
                    int more = config.eventLoops() - 1;
                    if (more == 0) {
                        return Future.succeededFuture(new TributaryServer(vertx, engine, port));
                    }
                    return vertx.deployVerticle(() -> new HttpVerticle(config.host(), listenPort, kinesis),
                            new DeploymentOptions().setInstances(more))
                        .map(others -> new TributaryServer(vertx, engine, port));
                });
            });
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
}
