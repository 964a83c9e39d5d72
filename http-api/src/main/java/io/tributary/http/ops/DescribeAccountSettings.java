package io.tributary.http.ops;

import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * The account's settings: its minimum throughput billing commitment, as it stands now (a scheduled
 * end that has passed reads DISABLED). An account that never committed reads DISABLED without times.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeAccountSettings.html">DescribeAccountSettings</a>
 */
public final class DescribeAccountSettings implements Operation {
    private final Api api;

    public DescribeAccountSettings(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        long now = api.config().clock().millis();
        var commitment = api.engine().streams().snapshot().commitment();
        return Future.succeededFuture(out -> OutputShapes.billingCommitment(out, commitment, now));
    }
}
