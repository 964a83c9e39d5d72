package io.tributary.http.ops;

import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.ResourceTarget;
import io.tributary.http.api.Tags;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.List;

/**
 * Removes tags from a stream or a consumer named by ARN; keys it does not have are ignored.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UntagResource.html">UntagResource</a>
 */
public final class UntagResource implements Operation {
    private final Api api;

    public UntagResource(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        ResourceTarget target = ResourceTarget.of(api, input).requireActive(api.config().accountId());
        List<String> keys = input.strings("TagKeys");
        return api.engine().streams()
            .update(target.stream().name(), target.change(
                stream -> stream.withTags(Tags.removed(stream.tags(), keys)),
                consumer -> consumer.withTags(Tags.removed(consumer.tags(), keys))))
            .map(updated -> Reply.EMPTY);
    }
}
