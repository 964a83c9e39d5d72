package io.tributary.http.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) run for one test: on a free
 * loopback port, with a temporary configuration and database, scraping one target every second.
 */
final class PrometheusServer implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path directory;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path directory, URI api) {
        this.process = process;
        this.directory = directory;
        this.api = api;
    }

    /** The installed binary; fails, naming the fix, when Prometheus is not installed. */
    static Path binary() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
            "Prometheus is not installed, and this test needs a real one: apt-get install -y prometheus (scripts/test-prerequisites.sh installs it)"));
    }

    /** Starts Prometheus scraping {@code http://target/metrics} every second, and waits until it is ready. */
    static PrometheusServer scraping(String target) throws IOException, InterruptedException {
        Path binary = binary();
        Path directory = Files.createTempDirectory("tributary-prometheus");
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: tributary
                metrics_path: /metrics
                static_configs:
                  - targets: ['%s']
            """.formatted(target));
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + directory.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("prometheus.log").toFile())
            .start();
        PrometheusServer server = new PrometheusServer(process, directory, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code GET /api/v1/query}: an instant query at {@code timeSeconds}, or now if that is null; the {@code data} member. */
    JsonNode query(String promql, Double timeSeconds) throws IOException, InterruptedException {
        String url = "/api/v1/query?query=" + encode(promql) + (timeSeconds == null ? "" : "&time=" + timeSeconds);
        return call(url);
    }

    /** {@code GET /api/v1/series} for a selector: the {@code data} member, one object of labels per series. */
    JsonNode series(String selector) throws IOException, InterruptedException {
        return call("/api/v1/series?match[]=" + encode(selector));
    }

    /** Runs {@code check} every 200 ms until it returns true, or fails with {@code what} after {@code seconds}. */
    void await(String what, long seconds, Check check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not show " + what + " within " + seconds + " s; its log:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    /** A condition polled by {@link #await}. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws IOException, InterruptedException;
    }

    String log() throws IOException {
        return Files.readString(directory.resolve("prometheus.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            io.tributary.http.support.TestServer.deleteRecursively(directory);
        }
    }

    private JsonNode call(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !body.path("status").asText().equals("success")) {
            throw new AssertionError("Prometheus answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return body.path("data");
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ": " + safeLog());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(api.resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Prometheus was not ready within 60 s: " + safeLog());
            }
            Thread.sleep(200);
        }
    }

    private String safeLog() {
        try {
            return log();
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
