package io.tributary.http.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.http.support.ClientProgram;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS CLI v2 (Debian's {@code awscli}, at {@code /usr/bin/aws}; an older {@code aws} may come first
 * on PATH) against a running server: a stream's whole life through the commands a user types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliTest {
    private static final String AWS = "/usr/bin/aws";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    private TestServer server;
    private ClientProgram cli;

    @BeforeAll
    void start() {
        server = TestServer.start();
        cli = ClientProgram.in(home, Map.of());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldRunAStreamsWholeLifeThroughTheCli() throws IOException {
        aws("kinesis", "create-stream", "--stream-name", "cli", "--shard-count", "5");
        aws("kinesis", "wait", "stream-exists", "--stream-name", "cli");
        JsonNode put = aws("kinesis", "put-record", "--stream-name", "cli", "--partition-key", "customer-1",
            "--data", "hello", "--cli-binary-format", "raw-in-base64-out");
        String shardId = put.get("ShardId").asText();
        assertTrue(shardId.startsWith("shardId-"), put.toString());

        String iterator = aws("kinesis", "get-shard-iterator", "--stream-name", "cli", "--shard-id", shardId,
            "--shard-iterator-type", "TRIM_HORIZON").get("ShardIterator").asText();
        JsonNode records = aws("kinesis", "get-records", "--shard-iterator", iterator).get("Records");
        assertEquals(1, records.size(), records.toString());
        assertEquals("aGVsbG8=", records.get(0).get("Data").asText());
        assertEquals("customer-1", records.get(0).get("PartitionKey").asText());
        assertEquals(put.get("SequenceNumber").asText(), records.get(0).get("SequenceNumber").asText());

        assertEquals(5, shardIds(aws("kinesis", "list-shards", "--stream-name", "cli")).size());
        // The CLI's own paging: one ListShards call, cut client-side, resumed with its starting token.
        JsonNode firstTwo = aws("kinesis", "list-shards", "--stream-name", "cli", "--max-items", "2");
        List<String> paged = new ArrayList<>(shardIds(firstTwo));
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001"), paged);
        JsonNode rest = aws("kinesis", "list-shards", "--stream-name", "cli",
            "--starting-token", firstTwo.get("NextToken").asText());
        paged.addAll(shardIds(rest));
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
            "shardId-000000000003", "shardId-000000000004"), paged);
        // --page-size makes the CLI send the stream name again with the service's NextToken, which
        // Kinesis refuses (aws-cli issue 9635, botocore issue 2009); Tributary answers as Kinesis does.
        List<String> pageSize = command("kinesis", "list-shards", "--stream-name", "cli", "--page-size", "2");
        ClientProgram.Result refused = cli.run(pageSize, COMMAND_TIMEOUT);
        assertEquals(254, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("An error occurred (InvalidArgumentException) when calling the ListShards "
            + "operation: NextToken and StreamName cannot be provided together."), refused.stderr());
        // Paging by the service's NextToken alone, as the API asks.
        JsonNode raw = aws("kinesis", "list-shards", "--stream-name", "cli", "--max-results", "3", "--no-paginate");
        assertEquals(3, raw.get("Shards").size());
        JsonNode next = aws("kinesis", "list-shards", "--next-token", raw.get("NextToken").asText(), "--no-paginate");
        assertEquals(List.of("shardId-000000000003", "shardId-000000000004"), shardIds(next));
        assertFalse(next.has("NextToken"), next.toString());

        JsonNode described = aws("kinesis", "describe-stream", "--stream-name", "cli").get("StreamDescription");
        assertEquals("ACTIVE", described.get("StreamStatus").asText());
        JsonNode first = described.get("Shards").get(0);
        long start = Long.parseLong(first.get("HashKeyRange").get("StartingHashKey").asText());
        java.math.BigInteger middle = new java.math.BigInteger(first.get("HashKeyRange").get("EndingHashKey").asText())
            .add(java.math.BigInteger.valueOf(start)).shiftRight(1);
        aws("kinesis", "split-shard", "--stream-name", "cli", "--shard-to-split", "shardId-000000000000",
            "--new-starting-hash-key", middle.toString());
        aws("kinesis", "wait", "stream-exists", "--stream-name", "cli");
        JsonNode summary = aws("kinesis", "describe-stream-summary", "--stream-name", "cli").get("StreamDescriptionSummary");
        assertEquals(6, summary.get("OpenShardCount").asInt(), summary.toString());
        List<JsonNode> shards = StreamSupport.stream(
            aws("kinesis", "list-shards", "--stream-name", "cli").get("Shards").spliterator(), false).toList();
        assertEquals(7, shards.size());
        assertEquals(2, shards.stream().filter(shard -> "shardId-000000000000".equals(
            shard.path("ParentShardId").asText())).count());

        aws("kinesis", "delete-stream", "--stream-name", "cli");
        aws("kinesis", "wait", "stream-not-exists", "--stream-name", "cli");
        assertEquals(0, aws("kinesis", "list-streams").get("StreamNames").size());
    }

    private JsonNode aws(String... arguments) throws IOException {
        List<String> command = command(arguments);
        String out = cli.run(command, COMMAND_TIMEOUT).requireSuccess(command).stdout();
        return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(AWS));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json",
            "--cli-read-timeout", "30", "--cli-connect-timeout", "10"));
        return command;
    }

    private static List<String> shardIds(JsonNode listShards) {
        return StreamSupport.stream(listShards.get("Shards").spliterator(), false)
            .map(shard -> shard.get("ShardId").asText()).toList();
    }
}
