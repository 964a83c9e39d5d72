package io.tributary.websocket;

import io.tributary.engine.fanout.FeedEvent;
import io.tributary.engine.fanout.LiveTails;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.stream.ShardState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The JSON text messages a tail sends, one object each, told apart by {@code type}:
 * <pre>
 * {"type":"ready",  "stream":"orders", "from":"LATEST", "shards":["shardId-000000000000", …]}
 * {"type":"record", "shardId":"shardId-000000000000", "sequenceNumber":"4…", "partitionKey":"customer-1",
 *                   "arrivalMillis":1748779200000, "data":"aGVsbG8=", "text":"hello"}
 * {"type":"shardEnd", "shardId":"shardId-000000000000", "childShards":["shardId-000000000004", …]}
 * {"type":"paused"} / {"type":"resumed"}    answers to the client's pause and resume
 * {"type":"error",  "code":1008, "message":"Stream nope under account 000000000000 not found."}
 * </pre>
 * A record's {@code data} is standard base64; {@code text} is there only when the data is valid UTF-8.
 * An error message comes just before the socket closes with the same code.
 *
 * <p>Concurrency: not thread-safe (it reuses one UTF-8 decoder); one per tail, used on its context.
 */
final class TailFrames {
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);

    static String ready(LiveTails.Tail tail, TailRequest request) {
        return new JsonObject()
            .put("type", "ready")
            .put("stream", tail.stream().name())
            .put("from", request.start().type().name())
            .put("shards", shardIds(tail.shards()))
            .encode();
    }

    static String paused() {
        return "{\"type\":\"paused\"}";
    }

    static String resumed() {
        return "{\"type\":\"resumed\"}";
    }

    static String error(CloseReason reason) {
        return new JsonObject().put("type", "error").put("code", reason.code()).put("message", reason.reason()).encode();
    }

    /** The messages of one feed event: one per record, and a shardEnd at the end of a closed shard. Heartbeats have none. */
    List<String> messages(FeedEvent event) {
        List<String> messages = new ArrayList<>(event.records().size() + 1);
        String shardId = event.shard().id().toString();
        String prefix = event.shard().sequencePrefix();
        for (LogRecord record : event.records()) {
            messages.add(record(shardId, prefix, record));
        }
        if (event.shardEnd()) {
            messages.add(new JsonObject()
                .put("type", "shardEnd")
                .put("shardId", shardId)
                .put("childShards", shardIds(event.childShards()))
                .encode());
        }
        return messages;
    }

    private String record(String shardId, String sequencePrefix, LogRecord record) {
        JsonObject json = new JsonObject()
            .put("type", "record")
            .put("shardId", shardId)
            .put("sequenceNumber", SequenceNumber.format(sequencePrefix, record.position()))
            .put("partitionKey", record.partitionKey())
            .put("arrivalMillis", record.arrivalMillis())
            .put("data", Base64.getEncoder().encodeToString(record.data()));
        text(record.data()).ifPresent(text -> json.put("text", text));
        return json.encode();
    }

    /** The data as text, if it is valid UTF-8. */
    Optional<String> text(byte[] data) {
        try {
            CharBuffer decoded = utf8.reset().decode(ByteBuffer.wrap(data));
            return Optional.of(decoded.toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }

    private static JsonArray shardIds(List<ShardState> shards) {
        JsonArray ids = new JsonArray();
        shards.forEach(shard -> ids.add(shard.id().toString()));
        return ids;
    }
}
