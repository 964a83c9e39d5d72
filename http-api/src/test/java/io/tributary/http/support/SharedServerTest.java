package io.tributary.http.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A test class that shares one {@link TestServer} (with its defaults) and the real SDK's sync
 * client, and, when asked for, its async client over HTTP/2, among all its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SharedServerTest {
    private final boolean withAsync;
    protected TestServer server;
    protected KinesisClient kinesis;
    protected KinesisAsyncClient async;

    protected SharedServerTest() {
        this(false);
    }

    /** @param withAsync whether {@link #async} is opened too */
    protected SharedServerTest(boolean withAsync) {
        this.withAsync = withAsync;
    }

    @BeforeAll
    void startSharedServer() {
        server = TestServer.start();
        kinesis = Clients.sync(server.endpoint());
        if (withAsync) {
            async = Clients.async(server.endpoint());
        }
    }

    @AfterAll
    void stopSharedServer() {
        if (async != null) {
            async.close();
        }
        kinesis.close();
        server.close();
    }
}
