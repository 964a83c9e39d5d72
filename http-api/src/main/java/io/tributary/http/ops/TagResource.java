package io.tributary.http.ops;

import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.ResourceTarget;
import io.tributary.http.api.Tags;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Adds or overwrites tags on a stream (the same tags as AddTagsToStream) or a consumer (its own
 * tags), named by ARN; at most 50 per resource.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html">TagResource</a>
 */
public final class TagResource implements Operation {
    private final Api api;

    public TagResource(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        String account = api.config().accountId();
        ResourceTarget target = ResourceTarget.of(api, input).requireActive(account);
        Map<String, String> added = input.stringMap("Tags");
        String name = target.consumer().map(consumer -> consumer.name()).orElse(target.stream().name());
        Tags.added(target.tags(), name, added, account);
        return api.engine().streams()
            .update(target.stream().name(), target.change(
                stream -> stream.withTags(Tags.added(stream.tags(), name, added, account)),
                consumer -> consumer.withTags(Tags.added(consumer.tags(), name, added, account))))
            .map(updated -> Reply.EMPTY);
    }
}
