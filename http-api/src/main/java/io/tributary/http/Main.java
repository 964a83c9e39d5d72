package io.tributary.http;

import io.tributary.monitoring.Monitoring;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Tributary from the command line: {@code java -jar tributary.jar --help}. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

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
                Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> server.close().eventually(vertx::close).await(), "tributary-shutdown"));
            })
            .onFailure(failure -> {
                LOG.error("Tributary could not start", failure);
                vertx.close();
                System.exit(1);
            });
    }
}
