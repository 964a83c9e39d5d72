package io.tributary.http.ops;

import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.Tags;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Adds or overwrites tags on a stream (at most 50 per stream).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html">AddTagsToStream</a>
 */
public final class AddTagsToStream implements Operation {
    private final Api api;

    public AddTagsToStream(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        Map<String, String> added = input.stringMap("Tags");
        return api.engine().streams()
            .update(stream.name(), current -> current.withTags(Tags.added(current, added, api.config().accountId())))
            .map(updated -> Reply.EMPTY);
    }
}
