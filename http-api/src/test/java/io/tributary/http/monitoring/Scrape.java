package io.tributary.http.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.support.TestServer;
import io.tributary.monitoring.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** A test server's {@code /metrics} and health endpoints, fetched over HTTP and parsed strictly. */
final class Scrape {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Scrape() {
    }

    /** The server's metrics now, every line checked by {@link PrometheusText}. */
    static PrometheusText of(TestServer server) {
        HttpResponse<String> response = get(server, "/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.parse(response.body());
    }

    static HttpResponse<String> get(TestServer server, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the one sample of {@code name} for {@code stream} (and the extra labels); 0 if the scrape has none. */
    static double value(PrometheusText scrape, String name, String stream, String... labels) {
        List<PrometheusText.Sample> samples = scrape.find(name, labels(stream, labels));
        if (samples.size() > 1) {
            throw new AssertionError(samples.size() + " samples of " + name + " for " + stream + ": " + samples);
        }
        return samples.isEmpty() ? 0 : samples.get(0).value();
    }

    /** Whether the scrape has a sample of {@code name} for {@code stream} (and the extra labels). */
    static boolean has(PrometheusText scrape, String name, String stream, String... labels) {
        return !scrape.find(name, labels(stream, labels)).isEmpty();
    }

    static URI endpoint(TestServer server, String path) {
        return server.endpoint().resolve(path);
    }

    private static Map<String, String> labels(String stream, String... more) {
        Map<String, String> labels = new java.util.HashMap<>();
        labels.put("stream", stream);
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return labels;
    }
}
