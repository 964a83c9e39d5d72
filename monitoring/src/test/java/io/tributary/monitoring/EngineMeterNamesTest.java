package io.tributary.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.Engine;
import io.tributary.engine.metrics.EngineMeter;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardLevelMetric;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.NewStream;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names {@link EngineMeter} documents are the names a scrape shows, and the README's table
 * lists every one of them with its CloudWatch name.
 */
class EngineMeterNamesTest {

    @Test
    void shouldExportEveryMeterUnderTheDocumentedPrometheusName() {
        Vertx vertx = Vertx.vertx();
        try (Monitoring monitoring = Monitoring.create()) {
            Engine engine = Engine.start(vertx, EngineConfigs.inMemory(), monitoring.registry()).await();
            StreamState stream = engine.streams().create(new NewStream("orders", 2, StreamMode.PROVISIONED, new TreeMap<>(),
                Limits.DEFAULT_MAX_RECORD_SIZE_KIB)).await();
            engine.streams().update(stream.name(), current -> current.withEnhancedMetrics(EnumSet.allOf(ShardLevelMetric.class))).await();
            engine.fanOut().register(stream, "reader").await();

            PrometheusText scrape = PrometheusText.parse(monitoring.registry().scrape());

            for (EngineMeter meter : EngineMeter.values()) {
                assertTrue(scrape.families().containsKey(meter.prometheusName()),
                    meter + " is exported as " + meter.prometheusName() + "; the scrape has " + scrape.families().keySet());
            }
            engine.close().await();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void shouldGiveEveryMeterItsOwnNames() {
        List<EngineMeter> meters = Arrays.asList(EngineMeter.values());
        assertEquals(meters.size(), meters.stream().map(EngineMeter::meterName).distinct().count());
        assertEquals(meters.size(), meters.stream().map(EngineMeter::prometheusName).distinct().count());
    }

    @Test
    void shouldListEveryMeterInTheReadmesTableAndTheEngineMetersDocumentation() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        String javadoc = Files.readString(root.resolve("engine/src/main/java/io/tributary/engine/metrics/EngineMeter.java"));
        Set<String> missing = new HashSet<>();
        for (EngineMeter meter : EngineMeter.values()) {
            String row = "| " + meter.cloudWatchName().map(name -> name + (meter.scope() == EngineMeter.Scope.SHARD ? " (shard)" : ""))
                .orElse("");
            String prometheus = "`" + meter.prometheusName() + "`";
            if (!readme.contains(prometheus) || (meter.cloudWatchName().isPresent() && !readme.contains(row))) {
                missing.add("README: " + meter);
            }
            if (!javadoc.contains("<td>" + meter.prometheusName() + "</td>")) {
                missing.add("EngineMeter doc table: " + meter);
            }
        }
        assertEquals(Set.of(), missing.stream().collect(Collectors.toCollection(TreeSet::new)));
    }
}
