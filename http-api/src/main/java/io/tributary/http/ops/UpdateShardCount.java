package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.Limits;
import io.tributary.engine.stream.ReshardPlan;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Reshapes a stream into {@code TargetShardCount} shards of equal hash ranges, by splits and merges
 * as Kinesis does. The target must lie within half and double the open shard count, at most 10,000;
 * at most ten scalings per stream in 24 hours.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html">UpdateShardCount</a>
 */
public final class UpdateShardCount implements Operation {
    private final Api api;

    public UpdateShardCount(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.provisionedActiveStream(input, "UpdateShardCount");
        int target = input.integer("TargetShardCount").orElseThrow();
        int current = stream.openShardCount();
        checkTarget(current, target);
        return api.engine().streams().scale(stream.name(), stream.createdMillis(), latest -> {
            ReshardPlan plan = new ReshardPlan(latest, api.config().accountId());
            plan.uniform(target);
            return plan;
        }).map(scaled -> out -> out
            .string("StreamName", stream.name())
            .number("CurrentShardCount", current)
            .number("TargetShardCount", target)
            .string("StreamARN", stream.arn()));
    }

    /** The scaling limits, LimitExceededException as in Kinesis, checked after the stream's existence and state. */
    private static void checkTarget(int current, int target) {
        if (target > Limits.MAX_SHARDS_PER_STREAM) {
            throw ErrorCode.LIMIT_EXCEEDED.exception("Target shard count or number of open shards cannot be greater than "
                + Limits.MAX_SHARDS_PER_STREAM + ". Current open shard count: " + current + ", Target shard count: " + target);
        }
        if (target > 2 * current) {
            throw ErrorCode.LIMIT_EXCEEDED.exception("UpdateShardCount cannot scale up over double your current open shard"
                + " count. Current open shard count: " + current + ", Target shard count: " + target);
        }
        if (2 * target < current) {
            throw ErrorCode.LIMIT_EXCEEDED.exception("UpdateShardCount cannot scale down below half your current open shard"
                + " count. Current open shard count: " + current + ", Target shard count: " + target);
        }
    }
}
