package io.tributary.http.support;

import io.tributary.http.ServerConfig;
import io.tributary.http.TributaryServer;
import io.tributary.monitoring.Monitoring;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Tributary server for tests: its own Vert.x (with Micrometer metrics, as {@code Main} builds it),
 * on 127.0.0.1 and a free port, with its data in a temporary directory (deleted on close) unless a
 * directory is given. Throughput limits are off unless a test turns them on with
 * {@code --throughput-limits on}, so that tests of other behaviour are not throttled. Extra flags are
 * given as on the command line.
 */
public final class TestServer implements AutoCloseable {
    private final Vertx vertx;
    private final TributaryServer server;
    private final Path dataDirectory;
    private final boolean ownsDirectory;

    private TestServer(Vertx vertx, TributaryServer server, Path dataDirectory, boolean ownsDirectory) {
        this.vertx = vertx;
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.ownsDirectory = ownsDirectory;
    }

    public static TestServer start(String... flags) {
        try {
            return start(Files.createTempDirectory("tributary-test"), true, flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on data that outlives it: the caller deletes the directory. */
    public static TestServer startOn(Path dataDirectory, String... flags) {
        return start(dataDirectory, false, flags);
    }

    private static TestServer start(Path dataDirectory, boolean ownsDirectory, String... flags) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TRIBUTARY_PORT", "0");
        environment.put("TRIBUTARY_HOST", "127.0.0.1");
        environment.put("TRIBUTARY_EVENT_LOOPS", "2");
        environment.put("TRIBUTARY_DATA_DIR", dataDirectory.toString());
        environment.put("TRIBUTARY_THROUGHPUT_LIMITS", "off");
        if (clustered()) {
            // every test's server as a one-node cluster: the same calls through Raft and the state machines
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                environment.put("TRIBUTARY_PEERS", "n1=127.0.0.1:" + probe.getLocalPort() + ":0");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            environment.put("TRIBUTARY_NODE_ID", "n1");
            environment.put("TRIBUTARY_REPLICATION_FACTOR", "1");
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(flags, environment);
        } catch (ServerConfig.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Monitoring monitoring = Monitoring.create();
        Vertx vertx = Vertx.builder()
            .with(monitoring.vertxOptions(new VertxOptions().setEventLoopPoolSize(config.eventLoops())))
            .withMetrics(monitoring.vertxMetricsFactory())
            .build();
        try {
            return new TestServer(vertx, TributaryServer.start(vertx, config, monitoring).await(), dataDirectory, ownsDirectory);
        } catch (RuntimeException e) {
            vertx.close().await();
            throw e;
        }
    }

    /**
     * Whether the servers of this run are one-node clusters ({@code -Dtributary.test.cluster=true}, the
     * {@code one-node-cluster} pass of {@code http-api/pom.xml}): the few tests of what only a single node
     * does assert cluster mode's behaviour instead.
     */
    public static boolean clustered() {
        return Boolean.getBoolean("tributary.test.cluster");
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

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            server.close().await();
        } finally {
            vertx.close().await();
            if (ownsDirectory) {
                deleteRecursively(dataDirectory);
            }
        }
    }

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
