package io.tributary.http.ops;

import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.Catalog;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Reports the account's shard limit and use, and its on-demand stream count and limit.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html">DescribeLimits</a>
 */
public final class DescribeLimits implements Operation {
    /** On-demand streams allowed per account by default (QUOTAS.md §4). */
    private static final int ON_DEMAND_STREAM_LIMIT = 50;

    private final Api api;

    public DescribeLimits(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        Catalog catalog = api.engine().streams().snapshot();
        long onDemand = catalog.streams().values().stream().filter(stream -> stream.mode() == StreamMode.ON_DEMAND).count();
        return Future.succeededFuture(out -> out
            .number("ShardLimit", api.config().shardLimit())
            .number("OpenShardCount", catalog.openProvisionedShards())
            .number("OnDemandStreamCount", onDemand)
            .number("OnDemandStreamCountLimit", ON_DEMAND_STREAM_LIMIT));
    }
}
