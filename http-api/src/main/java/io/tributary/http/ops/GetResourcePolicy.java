package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.ResourceTarget;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Answers the resource policy of a stream or a consumer, as it was put. A resource without one is
 * ResourceNotFoundException (the model does not say; this is what kinesis-mock answers, API-SURFACE.md).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetResourcePolicy.html">GetResourcePolicy</a>
 */
public final class GetResourcePolicy implements Operation {
    private final Api api;

    public GetResourcePolicy(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        ResourceTarget target = ResourceTarget.of(api, input);
        String policy = target.resourcePolicy().orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception(
            "No resource policy exists for " + target.arn()));
        return Future.succeededFuture(out -> out.string("Policy", policy));
    }
}
