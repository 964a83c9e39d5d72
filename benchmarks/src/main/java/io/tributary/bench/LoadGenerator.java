package io.tributary.bench;

import io.tributary.http.protocol.Encoding;
import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.bench.client.KinesisClient;
import io.tributary.bench.client.SdkClient;
import io.tributary.bench.client.WireClient;
import io.tributary.bench.client.WireCodec;
import io.tributary.bench.load.ClientContexts;
import io.tributary.bench.report.RunResult;
import io.tributary.bench.report.Tables;
import io.tributary.bench.workloads.FanOutWorkload;
import io.tributary.bench.workloads.GetRecordsWorkload;
import io.tributary.bench.workloads.PutWorkload;
import io.tributary.bench.workloads.WorkloadRunner;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Drives a Tributary server over loopback with one workload, verifies that what the server
 * acknowledged reads back, prints the figures and writes them as JSON. Starts the server from its
 * shaded jar in its own JVM unless {@code --endpoint} names a running one. {@code --help} lists the
 * flags; BENCHMARKS.md at the repository root describes the standard set.
 *
 * <p>Exit status: 0 when measured and verified (or skipped), 1 when the run or its check failed,
 * 2 for a bad command line.
 */
public final class LoadGenerator {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final String SDK_PING_LOGGER = "software.amazon.awssdk.http.nio.netty.internal.http2.Http2PingHandler";

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        BenchConfig config;
        try {
            config = BenchConfig.parse(args);
        } catch (BenchConfig.UsageException usage) {
            boolean asked = usage.getMessage().startsWith("Usage:");
            (asked ? System.out : System.err).println(usage.getMessage());
            System.exit(asked ? 0 : 2);
            return;
        }
        // With the cores saturated the SDK's HTTP/2 ping timers fire late, and each says so at WARN for
        // every connection; the phase's CPU figures already tell that story.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(SDK_PING_LOGGER)).setLevel(Level.ERROR);
        if (config.client() == BenchConfig.ClientKind.SDK && config.encoding() == Encoding.JSON) {
            System.setProperty("aws.cborEnabled", "false");
        }
        int status;
        try {
            status = run(config, "LoadGenerator " + String.join(" ", args));
        } catch (Exception e) {
            System.err.println("The run failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static int run(BenchConfig config, String command) throws Exception {
        Path serverLog = config.out().resolveSibling(stripJson(config.out().getFileName().toString()) + "-server.log");
        System.out.printf(Locale.ROOT, "%s: durability %s, %s over %s, %d shards, %d in flight, bound %,d records or %d s%n",
            config.workload().flag(), config.durability(), config.encoding().name().toLowerCase(Locale.ROOT),
            config.client() == BenchConfig.ClientKind.SDK ? "the AWS SDK" : "the wire client " + config.protocol().flag(),
            config.shards(), config.concurrency(), config.records(), config.duration().toSeconds());
        RunResult result;
        try (Target target = Target.open(config, serverLog)) {
            Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(config.clientThreads())).build();
            try (KinesisClient client = client(config, vertx, target)) {
                List<Context> contexts = Session.await(ClientContexts.open(vertx, config.clientThreads()), STARTUP_TIMEOUT);
                Session session = new Session(config, vertx, client, contexts, target, command);
                result = runner(config.workload()).run(session);
            } finally {
                vertx.close().await();
            }
        }
        write(result, config.out());
        print(result, config.out());
        return result.status().equals("failed") ? 1 : 0;
    }

    private static KinesisClient client(BenchConfig config, Vertx vertx, Target target) {
        return switch (config.client()) {
            case WIRE -> new WireClient(vertx, target.endpoint(), new WireCodec(config.encoding()), config.protocol(),
                config.concurrency() + config.shards());
            case SDK -> new SdkClient(target.endpoint(), config.concurrency() + config.shards());
        };
    }

    private static WorkloadRunner runner(Workload workload) {
        return switch (workload) {
            case PUT_RECORD -> PutWorkload.putRecord();
            case PUT_RECORDS -> PutWorkload.putRecords();
            case GET_RECORDS -> new GetRecordsWorkload();
            case FAN_OUT -> new FanOutWorkload();
        };
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static void write(RunResult result, Path out) throws java.io.IOException {
        Path absolute = out.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        json().writeValue(absolute.toFile(), result);
    }

    private static void print(RunResult result, Path out) {
        System.out.println();
        if (result.load() != null) {
            System.out.printf(Locale.ROOT, "backlog: %,d records in %.1f s (%,.0f records/s)%n",
                result.load().records(), result.load().seconds(), result.load().recordsPerSecond());
        }
        if (result.measured() != null) {
            RunResult.Phase phase = result.measured();
            System.out.printf(Locale.ROOT, "%s: %,d records, %,d requests in %.1f s; %d failed requests, %d rejected records%s%n",
                phase.operation(), phase.records(), phase.requests(), phase.seconds(), phase.failedRequests(),
                phase.rejectedRecords(), phase.firstFailure().isEmpty() ? "" : " (first: " + phase.firstFailure() + ")");
        }
        if (result.fanOut() != null) {
            RunResult.FanOut fanOut = result.fanOut();
            System.out.printf(Locale.ROOT, "producer: %,d records/s asked; sent late by p99 %.2f ms, max %.2f ms; PutRecord p50 %.2f ms, p99 %.2f ms%n",
                fanOut.putRate(), fanOut.sendLag().p99Ms(), fanOut.sendLag().maxMs(), fanOut.putLatency().p50Ms(),
                fanOut.putLatency().p99Ms());
            if (fanOut.backlogPush() != null) {
                RunResult.Phase push = fanOut.backlogPush();
                System.out.printf(Locale.ROOT, "backlog push (%s): %,d deliveries to %d subscriptions in %.1f s: %,.0f records/s, %.1f MB/s%n",
                    fanOut.fanOutBytesPerSecond() == null ? "server default pacing, 2 MiB/s per subscription"
                        : "pacing raised to " + fanOut.fanOutBytesPerSecond() + " bytes/s per subscription",
                    push.records(), fanOut.subscriptions(), push.seconds(), push.recordsPerSecond(), push.dataMBPerSecond());
            }
        }
        if (result.verification() != null) {
            RunResult.Verification check = result.verification();
            System.out.printf(Locale.ROOT, "read back: %,d acknowledged, %,d read, %,d byte-exact; per shard %s: %s%n",
                check.acknowledged(), check.read(), check.byteExact(),
                check.perShard().values().stream().allMatch(c -> c.acknowledged() == c.read()) ? "equal" : "DIFFERENT",
                check.passed() ? "passed" : "FAILED");
        }
        if (!result.note().isEmpty()) {
            System.out.println(result.status().toUpperCase(Locale.ROOT) + ": " + result.note());
        }
        System.out.println(Tables.summary(List.of(result)));
        System.out.println("written to " + out);
    }

    private static String stripJson(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }
}
