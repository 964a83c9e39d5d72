package io.tributary.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The exposition-format parser the other tests rely on: it reads what is right and refuses what is not. */
class PrometheusTextTest {

    @Test
    void shouldReadFamiliesSamplesLabelsAndValues() {
        PrometheusText text = PrometheusText.parse("""
            # HELP requests_total Requests served.\\nSecond line
            # TYPE requests_total counter
            requests_total{code="200",path="/a \\"quoted\\" \\\\ b"} 3.0
            requests_total{code="500"} 1 1700000000000
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 1
            latency_seconds_bucket{le="+Inf"} 2
            latency_seconds_count 2
            latency_seconds_sum 0.3
            # TYPE age summary
            age_count{stream="s"} 4
            age_sum{stream="s"} 12.5
            temperature NaN
            """);

        assertEquals("counter", text.families().get("requests_total").type());
        assertEquals("Requests served.\nSecond line", text.families().get("requests_total").help());
        assertEquals(3.0, text.value("requests_total", Map.of("code", "200", "path", "/a \"quoted\" \\ b")));
        assertEquals(2, text.families().get("latency_seconds").samples().size() - 2);
        assertEquals(12.5, text.value("age_sum", Map.of("stream", "s")));
        assertEquals("untyped", text.families().get("temperature").type());
        assertTrue(text.names().containsAll(java.util.Set.of("latency_seconds", "latency_seconds_bucket", "age_count")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "no_value\n",
        "bad-name 1\n",
        "x{a=\"1\"}1\n",
        "x{a=1} 1\n",
        "x{a=\"1\" b=\"2\"} 1\n",
        "x{a=\"1\"} one\n",
        "x 1 2 3\n",
        "x{a=\"\\q\"} 1\n",
        "x 1\nx 2\n",
        "x{a=\"1\",a=\"2\"} 1\n",
        "# TYPE x counter\n# TYPE x gauge\nx 1\n",
        "# TYPE x wobbly\nx 1\n",
        "x 1\n# TYPE x counter\n",
        "a 1\nb 1\na{l=\"2\"} 1\n",
        "# TYPE h histogram\nh 1\n",
        "# TYPE h histogram\nh_bucket 1\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",
        "# TYPE s summary\ns 1\n",
        "x 1",
    })
    void shouldRefuseMalformedExpositions(String exposition) {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(exposition));
    }
}
