package io.tributary.http.ops;

import io.tributary.engine.stream.ReshardPlan;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Merges two open shards whose hash key ranges touch into one child, whose parents are
 * {@code ShardToMerge} and {@code AdjacentShardToMerge}.
 *
 * <p>Checks in Kinesis's order: the stream exists, its mode allows resharding (ValidationException),
 * then the shards and their hash key ranges on the current snapshot (ResourceNotFoundException,
 * InvalidArgumentException), then the stream's state (ResourceInUseException), then, within the
 * change, the account's shard limit.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html">MergeShards</a>
 */
public final class MergeShards implements Operation {
    private final Api api;

    public MergeShards(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        String shard = input.requiredString("ShardToMerge");
        String adjacent = input.requiredString("AdjacentShardToMerge");
        api.requireProvisioned(stream, "MergeShards");
        new ReshardPlan(stream, api.config().accountId()).merge(shard, adjacent);
        api.requireActive(stream);
        return api.engine().streams().reshard(stream.name(), current -> {
            ReshardPlan plan = new ReshardPlan(current, api.config().accountId());
            plan.merge(shard, adjacent);
            return plan;
        }).map(resharded -> Reply.EMPTY);
    }
}
