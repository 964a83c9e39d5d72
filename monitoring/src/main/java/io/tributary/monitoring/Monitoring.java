package io.tributary.monitoring;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's metrics: one Prometheus registry that the engine records its Kinesis meters to (see
 * {@code io.tributary.engine.metrics.EngineMeter}), with the JVM's meters bound to it and, when the
 * Vert.x instance is built with {@link #vertxOptions} and {@link #vertxMetricsFactory}, Vert.x's
 * meters: HTTP server requests, worker pools, and the event loops' pending tasks (Netty).
 *
 * <p>Vert.x labels are limited to values with few possibilities (method, status code, pool), never
 * client addresses or paths, so the number of series stays bounded.
 *
 * <p>Concurrency: thread-safe; create one per server, before its Vert.x instance.
 */
public final class Monitoring implements AutoCloseable {
    /** Vert.x keeps its backends by registry name in one JVM-wide map; each server needs its own name. */
    private static final AtomicInteger REGISTRY_NAMES = new AtomicInteger();

    private final PrometheusMeterRegistry registry;
    private final String registryName;
    private final List<AutoCloseable> binders = new ArrayList<>();

    private Monitoring() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.registryName = "tributary-" + REGISTRY_NAMES.incrementAndGet();
        bind(new ClassLoaderMetrics());
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmThreadMetrics());
        bind(new ProcessorMetrics());
        bind(new UptimeMetrics());
        bind(new FileDescriptorMetrics());
    }

    /** A registry with the JVM's meters bound; the engine's meters join it when the engine starts. */
    public static Monitoring create() {
        return new Monitoring();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code options} with Vert.x's Micrometer metrics turned on, recorded to this registry. */
    public VertxOptions vertxOptions(VertxOptions options) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
            .setEnabled(true)
            .setRegistryName(registryName)
            .setJvmMetricsEnabled(false)
            .setNettyMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
        return new VertxOptions(options).setMetricsOptions(metrics);
    }

    /** The metrics SPI to build Vert.x with ({@code Vertx.builder().withMetrics(...)}), bound to this registry. */
    public VertxMetricsFactory vertxMetricsFactory() {
        return new MicrometerMetricsFactory(registry);
    }

    /** Unbinds the JVM meters and closes the registry. */
    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not unbind " + binder, e);
            }
        }
        registry.close();
    }

    private void bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
            binders.add(closeable);
        }
    }
}
