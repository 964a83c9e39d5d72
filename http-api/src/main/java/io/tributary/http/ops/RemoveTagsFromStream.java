package io.tributary.http.ops;

import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.Tags;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.List;

/**
 * Removes tags from a stream; keys it does not carry are ignored.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html">RemoveTagsFromStream</a>
 */
public final class RemoveTagsFromStream implements Operation {
    private final Api api;

    public RemoveTagsFromStream(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        List<String> keys = input.strings("TagKeys");
        return api.engine().streams()
            .update(stream.name(), current -> current.withTags(Tags.removed(current, keys)))
            .map(updated -> Reply.EMPTY);
    }
}
