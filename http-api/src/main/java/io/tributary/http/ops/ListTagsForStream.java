package io.tributary.http.ops;

import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.Tags;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lists a stream's tags in key order, after {@code ExclusiveStartTagKey}, at most {@code Limit}
 * (all 50 a stream may carry when no limit is given).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html">ListTagsForStream</a>
 */
public final class ListTagsForStream implements Operation {
    private final Api api;

    public ListTagsForStream(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        Optional<String> after = input.string("ExclusiveStartTagKey");
        int limit = input.integer("Limit").orElse(Tags.MAX_TAGS_PER_STREAM);
        Map<String, String> remaining = after.isPresent() ? stream.tags().tailMap(after.get() + Character.MIN_VALUE) : stream.tags();
        Map<String, String> page = new LinkedHashMap<>();
        remaining.entrySet().stream().limit(limit).forEach(tag -> page.put(tag.getKey(), tag.getValue()));
        boolean hasMore = remaining.size() > page.size();
        return Future.succeededFuture(out -> {
            Tags.write(out, "Tags", page);
            out.bool("HasMoreTags", hasMore);
        });
    }
}
