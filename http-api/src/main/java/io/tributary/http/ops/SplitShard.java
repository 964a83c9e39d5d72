package io.tributary.http.ops;

import io.tributary.engine.stream.ReshardPlan;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Splits an open shard in two at {@code NewStartingHashKey}; the shard closes and its children take
 * the next free shard indexes.
 *
 * <p>Checks in Kinesis's order: the stream exists, its mode allows resharding (ValidationException),
 * then the shards and their hash key ranges on the current snapshot (ResourceNotFoundException,
 * InvalidArgumentException), then the stream's state (ResourceInUseException), then, within the
 * change, the account's shard limit.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html">SplitShard</a>
 */
public final class SplitShard implements Operation {
    private final Api api;

    public SplitShard(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        String shard = input.requiredString("ShardToSplit");
        String newStartingHashKey = input.requiredString("NewStartingHashKey");
        api.requireProvisioned(stream, "SplitShard");
        new ReshardPlan(stream, api.config().accountId()).split(shard, newStartingHashKey);
        api.requireActive(stream);
        return api.engine().streams().reshard(stream.name(), current -> {
            ReshardPlan plan = new ReshardPlan(current, api.config().accountId());
            plan.split(shard, newStartingHashKey);
            return plan;
        }).map(resharded -> Reply.EMPTY);
    }
}
