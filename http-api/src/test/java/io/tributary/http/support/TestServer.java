package io.tributary.http.support;

import io.tributary.http.ServerConfig;
import io.tributary.http.TributaryServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A Tributary server for one test class: its own Vert.x, on 127.0.0.1 and a free port.
 * Extra flags are given as they would be on the command line.
 */
public final class TestServer implements AutoCloseable {
    private final Vertx vertx;
    private final TributaryServer server;

    private TestServer(Vertx vertx, TributaryServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static TestServer start(String... flags) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TRIBUTARY_PORT", "0");
        environment.put("TRIBUTARY_HOST", "127.0.0.1");
        environment.put("TRIBUTARY_EVENT_LOOPS", "2");
        ServerConfig config;
        try {
            config = ServerConfig.parse(flags, environment);
        } catch (ServerConfig.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(config.eventLoops())).build();
        try {
            return new TestServer(vertx, TributaryServer.start(vertx, config).await());
        } catch (RuntimeException e) {
            vertx.close().await();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public TributaryServer server() {
        return server;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
