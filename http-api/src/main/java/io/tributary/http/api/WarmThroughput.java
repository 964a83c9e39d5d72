package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.Limits;
import io.tributary.engine.stream.OnDemandSettings;
import io.tributary.engine.stream.ReshardPlan;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Future;

/**
 * Warm throughput, shared by the operations that take {@code WarmThroughputMiBps}
 * (UpdateStreamWarmThroughput, CreateStream, UpdateStreamMode): what the model allows (on-demand
 * streams of an account with a minimum throughput billing commitment, at most 10 GiB/s) and how a
 * stream is pre-scaled for it (one 1 MiB/s shard per MiB/s, at most the per-stream shard limit).
 */
public final class WarmThroughput {
    private WarmThroughput() {
    }

    /** InvalidArgumentException unless the account has a billing commitment now. */
    public static void checkCommitment(Api api) {
        if (!api.engine().streams().snapshot().commitment().isEnabled(api.config().clock().millis())) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Warm throughput requires the minimum throughput billing commitment,"
                + " which is not enabled for account " + api.config().accountId() + ".");
        }
    }

    /** LimitExceededException beyond 10 GiB/s. */
    public static void checkLimit(Api api, String stream, int mibps) {
        if (mibps > Limits.MAX_WARM_THROUGHPUT_MIBPS) {
            throw ErrorCode.LIMIT_EXCEEDED.exception("Warm throughput of " + mibps + " MiB/s for stream " + stream
                + " under account " + api.config().accountId() + " exceeds the limit of " + Limits.MAX_WARM_THROUGHPUT_MIBPS
                + " MiB/s.");
        }
    }

    /**
     * Reshards the stream into as many equal shards as {@code mibps} needs, if its open shards
     * cannot take that much; a stream that can already is left as it is.
     */
    public static Future<StreamState> preScale(Api api, StreamState stream, int mibps) {
        int shards = OnDemandSettings.shardsFor(mibps);
        if (shards <= stream.openShardCount()) {
            return Future.succeededFuture(stream);
        }
        return api.engine().streams().reshard(stream.name(), current -> {
            ReshardPlan plan = new ReshardPlan(current, api.config().accountId());
            plan.uniform(shards);
            return plan;
        });
    }
}
