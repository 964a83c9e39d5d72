package io.tributary.http.ops;

import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.ResourcePolicies;
import io.tributary.http.api.ResourceTarget;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Attaches a resource policy to a stream or a consumer, replacing the one it had. The policy is
 * checked ({@link ResourcePolicies}) and stored with the stream in the catalog as given.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html">PutResourcePolicy</a>
 */
public final class PutResourcePolicy implements Operation {
    private final Api api;

    public PutResourcePolicy(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        String policy = input.requiredString("Policy");
        ResourcePolicies.validated(policy);
        ResourceTarget target = ResourceTarget.of(api, input).requireActive(api.config().accountId());
        return api.engine().streams()
            .update(target.stream().name(), target.change(stream -> stream.withResourcePolicy(Optional.of(policy)),
                consumer -> consumer.withResourcePolicy(Optional.of(policy))))
            .map(updated -> Reply.EMPTY);
    }
}
