package io.tributary.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.Engine;
import io.tributary.engine.EngineConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics}, {@code /health/live} and {@code /health/ready} on a Vert.x server built the way
 * the server's entry point builds it: Vert.x's Micrometer metrics on, an engine on a data directory.
 */
class MonitoringEndpointsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDirectory;
    private Monitoring monitoring;
    private Vertx vertx;
    private Engine engine;
    private Health health;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        dataDirectory = Files.createTempDirectory("tributary-monitoring");
        monitoring = Monitoring.create();
        vertx = Vertx.builder()
            .with(monitoring.vertxOptions(new VertxOptions().setEventLoopPoolSize(2)))
            .withMetrics(monitoring.vertxMetricsFactory())
            .build();
        engine = Engine.start(vertx, EngineConfigs.onDisk(dataDirectory), monitoring.registry()).await();
        health = new Health(vertx, engine);
        Router router = Router.router(vertx);
        new MonitoringRoutes(monitoring.registry(), health).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() throws IOException {
        engine.close().await();
        vertx.close().await();
        monitoring.close();
        deleteTree();
    }

    private void deleteTree() throws IOException {
        if (Files.exists(dataDirectory)) {
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void shouldServeTheMetricsAsPrometheusTextWithJvmVertxAndEngineSeries() throws Exception {
        get("/health/live");
        HttpResponse<String> response = get(MonitoringRoutes.METRICS_PATH);

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        PrometheusText scrape = PrometheusText.parse(response.body());
        for (String family : new String[] {"jvm_memory_used_bytes", "jvm_gc_pause_seconds", "jvm_threads_live_threads",
            "process_cpu_usage", "process_uptime_seconds", "tributary_log_flush_seconds", "vertx_http_server_requests_total",
            "vertx_pool_in_use", "netty_eventexecutor_tasks_pending"}) {
            assertTrue(scrape.families().containsKey(family), family + " is missing from " + scrape.families().keySet());
        }
        assertFalse(scrape.find("netty_eventexecutor_tasks_pending", Map.of("name", "vert.x-eventloop-thread-0")).isEmpty());
        assertEquals(1, scrape.value("vertx_http_server_requests_total", Map.of("code", "200", "method", "GET")));
    }

    @Test
    void shouldBeLiveAndReadyWhenTheEngineHasRecoveredAndTheDataDirectoryTakesWrites() throws Exception {
        HttpResponse<String> live = get(MonitoringRoutes.LIVENESS_PATH);
        HttpResponse<String> ready = get(MonitoringRoutes.READINESS_PATH);

        assertEquals(200, live.statusCode());
        assertEquals("UP", new JsonObject(live.body()).getString("status"));
        assertEquals(200, ready.statusCode());
        assertEquals(new JsonObject("""
            {"status": "UP", "checks": {"recovery": {"status": "UP"}, "storage": {"status": "UP"}}}"""), new JsonObject(ready.body()));
        try (Stream<Path> left = Files.list(dataDirectory)) {
            assertEquals(0, left.filter(path -> path.getFileName().toString().endsWith(".probe")).count(), "probe files are deleted");
        }
    }

    @Test
    void shouldNotBeReadyWhenTheDataDirectoryCannotBeWritten() throws Exception {
        deleteTree();
        Files.writeString(dataDirectory, "a file where the data directory was");

        HttpResponse<String> ready = get(MonitoringRoutes.READINESS_PATH);

        assertEquals(503, ready.statusCode());
        JsonObject body = new JsonObject(ready.body());
        assertEquals("DOWN", body.getString("status"));
        assertEquals("UP", body.getJsonObject("checks").getJsonObject("recovery").getString("status"));
        assertEquals("DOWN", body.getJsonObject("checks").getJsonObject("storage").getString("status"));
        assertEquals(200, get(MonitoringRoutes.LIVENESS_PATH).statusCode());
    }

    @Test
    void shouldStopBeingReadyWhenTheServerStartsClosing() throws Exception {
        health.closing();

        HttpResponse<String> ready = get(MonitoringRoutes.READINESS_PATH);

        assertEquals(503, ready.statusCode());
        assertEquals("DOWN", new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("recovery").getString("status"));
    }

    @Test
    void shouldAlwaysBeReadyInMemoryModeWhereNothingIsWritten() {
        Health inMemory = new Health(vertx, engineWith(EngineConfigs.inMemory()));

        assertTrue(inMemory.readiness().await().up());
    }

    private Engine engineWith(EngineConfig config) {
        return Engine.start(vertx, config).await();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
