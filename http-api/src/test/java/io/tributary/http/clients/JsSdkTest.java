package io.tributary.http.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.ClientProgram;
import io.tributary.http.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS SDK for JavaScript v3 ({@code @aws-sdk/client-kinesis}, pinned in
 * {@code clients/package.json} and installed by {@code scripts/test-prerequisites.sh} with
 * {@code npm ci}) runs {@code clients/js_sdk_loop.mjs}: put and get, and SubscribeToShard over
 * cleartext HTTP/2 with {@code NodeHttp2Handler} on the http:// endpoint. The script checks each
 * answer and exits non-zero on the first mismatch.
 */
class JsSdkTest {
    @TempDir
    Path home;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPutGetAndSubscribeOverHttp2WithTheJavaScriptSdk() {
        try (TestServer server = TestServer.start()) {
            List<String> command = List.of("node", ClientProgram.clientsFolder().resolve("js_sdk_loop.mjs").toString(),
                server.endpoint().toString());
            ClientProgram.Result result = ClientProgram.in(home, Map.of()).run(command, Duration.ofMinutes(2)).requireSuccess(command);
            assertTrue(result.stdout().contains("js sdk loop passed"), result.stdout());
        }
    }
}
