package io.tributary.http.sdk;

import io.tributary.http.support.SdkFlavor;
import io.tributary.http.support.TestServer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** One server per test class, and one real SDK client per {@link SdkFlavor}, opened on first use. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SdkTestBase {
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected TestServer server;
    private final Map<SdkFlavor, KinesisClient> clients = new EnumMap<>(SdkFlavor.class);

    @BeforeAll
    void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    void stopServer() {
        clients.values().forEach(KinesisClient::close);
        server.close();
    }

    protected synchronized KinesisClient client(SdkFlavor flavor) {
        return clients.computeIfAbsent(flavor, f -> f.open(server.endpoint()));
    }

    /** A stream name no other test in this server uses. */
    protected static String uniqueName(String prefix, SdkFlavor flavor) {
        return prefix + "-" + flavor.name().toLowerCase(Locale.ROOT) + "-" + NAMES.incrementAndGet();
    }

    protected static void createActiveStream(KinesisClient kinesis, String name, int shards) {
        kinesis.createStream(request -> request.streamName(name).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(request -> request.streamName(name));
        if (kinesis.describeStreamSummary(request -> request.streamName(name)).streamDescriptionSummary().streamStatus()
            != StreamStatus.ACTIVE) {
            throw new AssertionError("stream " + name + " did not become ACTIVE");
        }
    }
}
