package io.tributary.http.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * boto3/botocore (Debian's {@code python3-boto3}, run by {@code /usr/bin/python3}; another
 * interpreter may come first on PATH) runs {@code clients/boto3_loop.py}: a stream's life, the
 * model's paginators (ListShards, ListStreams, DescribeStream, ListStreamConsumers) and waiters
 * (stream_exists, stream_not_exists). The script checks each answer and exits non-zero on the
 * first mismatch.
 */
class Boto3Test {
    @TempDir
    Path home;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldRunTheBoto3LoopWithPaginatorsAndWaiters() {
        try (TestServer server = TestServer.start()) {
            List<String> command = List.of("/usr/bin/python3", ClientProgram.clientsFolder().resolve("boto3_loop.py").toString(),
                server.endpoint().toString());
            ClientProgram.Result result = ClientProgram.in(home, Map.of("PYTHONNOUSERSITE", "1"))
                .run(command, Duration.ofMinutes(2)).requireSuccess(command);
            assertEquals(0, result.exitCode());
            assertTrue(result.stdout().contains("boto3 loop passed"), result.stdout());
        }
    }
}
