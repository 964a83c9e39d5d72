package io.tributary.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tributary.engine.fanout.FeedEvent;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.stream.ShardState;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TailFramesTest {
    private static final long EPOCH = 1_748_779_200_000L;
    private static final ShardState SHARD = shard(2, OptionalLong.empty());

    private final TailFrames frames = new TailFrames();

    @Test
    void shouldWriteOneRecordMessagePerRecordWithItsDataAsBase64AndText() {
        LogRecord record = new LogRecord(7, EPOCH + 5, "customer-1", "héllo".getBytes(StandardCharsets.UTF_8));

        List<String> messages = frames.messages(event(SHARD, List.of(record), false, List.of()));

        assertEquals(1, messages.size());
        JsonObject json = new JsonObject(messages.get(0));
        assertEquals("record", json.getString("type"));
        assertEquals("shardId-000000000002", json.getString("shardId"));
        assertEquals(new SequenceNumber(EPOCH, 2, 7).toString(), json.getString("sequenceNumber"));
        assertEquals("customer-1", json.getString("partitionKey"));
        assertEquals(EPOCH + 5, json.getLong("arrivalMillis"));
        assertEquals("aMOpbGxv", json.getString("data"));
        assertEquals("héllo", json.getString("text"));
    }

    @Test
    void shouldLeaveTheTextOutWhenTheDataIsNotUtf8() {
        LogRecord record = new LogRecord(0, EPOCH, "k", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});

        JsonObject json = new JsonObject(frames.messages(event(SHARD, List.of(record), false, List.of())).get(0));

        assertEquals("//4A", json.getString("data"));
        assertFalse(json.containsKey("text"));
    }

    @Test
    void shouldSendNothingForAHeartbeat() {
        assertEquals(List.of(), frames.messages(event(SHARD, List.of(), false, List.of())));
    }

    @Test
    void shouldNameTheChildrenAtTheEndOfAClosedShard() {
        ShardState closed = shard(0, OptionalLong.of(3));

        List<String> messages = frames.messages(event(closed, List.of(), true, List.of(shard(4, OptionalLong.empty()))));

        assertEquals(List.of("{\"type\":\"shardEnd\",\"shardId\":\"shardId-000000000000\",\"childShards\":[\"shardId-000000000004\"]}"),
            messages);
    }

    @Test
    void shouldCarryTheWholeReasonInAnErrorMessage() {
        assertEquals("{\"type\":\"error\",\"code\":1008,\"message\":\"Stream nope under account 000000000000 not found.\"}",
            TailFrames.error(CloseReason.policyViolation("Stream nope under account 000000000000 not found.")));
    }

    private static FeedEvent event(ShardState shard, List<LogRecord> records, boolean end, List<ShardState> children) {
        return new FeedEvent(shard, records, 0, 0, children, end);
    }

    private static ShardState shard(int index, OptionalLong endingPosition) {
        HashKeyRange everything = new HashKeyRange(HashKey.of(BigInteger.ZERO), HashKey.MAX);
        return new ShardState(new ShardId(index), everything, EPOCH, Optional.empty(), Optional.empty(), EPOCH, endingPosition,
            OptionalLong.empty(), null);
    }
}
