package io.tributary.http.ops;

import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.ResourceTarget;
import io.tributary.http.api.Tags;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.SortedMap;

/**
 * Lists the tags of a stream (those of ListTagsForStream) or of a consumer, named by ARN, in key order.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForResource.html">ListTagsForResource</a>
 */
public final class ListTagsForResource implements Operation {
    private final Api api;

    public ListTagsForResource(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        SortedMap<String, String> tags = ResourceTarget.of(api, input).tags();
        return Future.succeededFuture(out -> Tags.write(out, "Tags", tags));
    }
}
