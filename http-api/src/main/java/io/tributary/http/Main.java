package io.tributary.http;

import io.tributary.monitoring.Monitoring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Tributary from the command line: {@code java -jar tributary.jar --help}. */
public final class Main {
    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    static {
        // With fewer than two threads in the common pool (a two-core machine gets one), every async
        // stage of a CompletableFuture runs on a thread of its own, started for it; Ratis's append
        // path has such stages, and on two cores a cluster node spent most of its time starting
        // threads. So the pool gets at least four, unless the command line says otherwise. This
        // must run before anything touches the pool.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM,
                Integer.toString(Math.max(4, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** The longest a shutdown waits for the server, and then for Vert.x, to close. */
    private static final Duration SHUTDOWN_STEP = Duration.ofSeconds(20);

    private Main() {
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System.getenv());
        } catch (ServerConfig.UsageException usage) {
            boolean asked = usage.getMessage().startsWith("Usage:");
            (asked ? System.out : System.err).println(usage.getMessage());
            System.exit(asked ? 0 : 2);
            return;
        }
        Monitoring monitoring = Monitoring.create();
        Vertx vertx = Vertx.builder()
            .with(monitoring.vertxOptions(new VertxOptions().setEventLoopPoolSize(config.eventLoops())))
            .withMetrics(monitoring.vertxMetricsFactory())
            .build();
        TributaryServer.start(vertx, config, monitoring)
            .onSuccess(server -> {
                LOG.info("Tributary is serving the Kinesis API at http://{}:{} (region {}, account {}, durability {}, data in {})",
                    config.host(), server.port(), config.region(), config.accountId(), config.durability().flagValue(),
                    config.dataDirectory().toAbsolutePath());
                server.tlsPort().ifPresent(tls -> LOG.info("Tributary is also serving https://{}:{} (h2 with or without ALPN, and http/1.1)",
                    config.host(), tls));
                LOG.info("Prometheus metrics at http://{}:{}/metrics, health at /health/live and /health/ready",
                    config.host(), server.port());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server, vertx), "tributary-shutdown"));
            })
            .onFailure(failure -> {
                LOG.error("Tributary could not start", failure);
                vertx.close();
                System.exit(1);
            });
    }

    /**
     * Closes the server, then Vert.x, each awaited on its own. Chained as one future, the wait never
     * ended in cluster mode: the server's close completes on a Vert.x context, so the chained
     * future's listeners went to an event loop that Vert.x's close had just stopped.
     */
    private static void shutdown(TributaryServer server, Vertx vertx) {
        await(server.close(), "the server");
        await(vertx.close(), "Vert.x");
    }

    private static void await(Future<Void> closing, String what) {
        try {
            closing.toCompletionStage().toCompletableFuture().get(SHUTDOWN_STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Closing {} did not finish cleanly: {}", what, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
