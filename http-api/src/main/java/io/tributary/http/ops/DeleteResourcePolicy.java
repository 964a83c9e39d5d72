package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.ResourceTarget;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Removes the resource policy of a stream or a consumer; one without a policy is ResourceNotFoundException.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteResourcePolicy.html">DeleteResourcePolicy</a>
 */
public final class DeleteResourcePolicy implements Operation {
    private final Api api;

    public DeleteResourcePolicy(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        ResourceTarget target = ResourceTarget.of(api, input).requireActive(api.config().accountId());
        if (target.resourcePolicy().isEmpty()) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("No resource policy exists for " + target.arn());
        }
        return api.engine().streams()
            .update(target.stream().name(), target.change(stream -> stream.withResourcePolicy(Optional.empty()),
                consumer -> consumer.withResourcePolicy(Optional.empty())))
            .map(updated -> Reply.EMPTY);
    }
}
