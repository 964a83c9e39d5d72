package io.tributary.http.ops;

import io.tributary.engine.model.Limits;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Describes a stream with a page of its shards ({@code Limit}, at most 100, after
 * {@code ExclusiveStartShardId}).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html">DescribeStream</a>
 */
public final class DescribeStream implements Operation {
    private final Api api;

    public DescribeStream(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        int limit = Math.min(input.integer("Limit").orElse(Limits.DESCRIBE_STREAM_MAX_SHARDS), Limits.DESCRIBE_STREAM_MAX_SHARDS);
        Optional<String> after = input.string("ExclusiveStartShardId");
        List<ShardState> remaining = stream.unexpiredShards(api.config().clock().millis()).stream()
            .filter(shard -> after.isEmpty() || shard.id().toString().compareTo(after.get()) > 0)
            .toList();
        List<ShardState> page = remaining.subList(0, Math.min(limit, remaining.size()));
        boolean hasMore = remaining.size() > page.size();
        return Future.succeededFuture(out -> {
            out.startObject("StreamDescription")
                .string("StreamName", stream.name())
                .string("StreamARN", stream.arn())
                .string("StreamStatus", stream.status().name());
            OutputShapes.streamMode(out, stream);
            out.startArray("Shards");
            for (ShardState shard : page) {
                OutputShapes.shard(out, shard);
            }
            out.endArray()
                .bool("HasMoreShards", hasMore)
                .number("RetentionPeriodHours", stream.retentionHours())
                .timestamp("StreamCreationTimestamp", stream.createdMillis());
            OutputShapes.enhancedMonitoring(out, stream);
            OutputShapes.encryption(out, stream);
            out.endObject();
        });
    }
}
