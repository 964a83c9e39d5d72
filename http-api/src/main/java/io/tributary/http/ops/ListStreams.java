package io.tributary.http.ops;

import io.tributary.engine.model.Limits;
import io.tributary.engine.stream.StreamState;
import io.tributary.engine.token.PageToken;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Lists stream names and summaries in name order, a page at a time ({@code Limit}, at most 100),
 * after {@code ExclusiveStartStreamName} or where a {@code NextToken} left off.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html">ListStreams</a>
 */
public final class ListStreams implements Operation {
    private final Api api;

    public ListStreams(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        long now = api.config().clock().millis();
        int limit = Math.min(input.integer("Limit").orElse(Limits.LIST_STREAMS_DEFAULT_LIMIT), Limits.LIST_STREAMS_DEFAULT_LIMIT);
        Optional<String> after = input.string("NextToken")
            .map(token -> PageToken.decode(token, api.engine().signer(), now).fields().get(0))
            .or(() -> input.string("ExclusiveStartStreamName"));
        List<StreamState> remaining = List.copyOf((after.isPresent()
            ? api.engine().streams().snapshot().streams().tailMap(after.get() + Character.MIN_VALUE)
            : api.engine().streams().snapshot().streams()).values());
        List<StreamState> page = remaining.subList(0, Math.min(limit, remaining.size()));
        boolean hasMore = remaining.size() > page.size();
        return Future.succeededFuture(out -> {
            out.startArray("StreamNames");
            for (StreamState stream : page) {
                out.stringValue(stream.name());
            }
            out.endArray().bool("HasMoreStreams", hasMore);
            if (hasMore) {
                out.string("NextToken", new PageToken(now, List.of(page.get(page.size() - 1).name())).encode(api.engine().signer()));
            }
            out.startArray("StreamSummaries");
            for (StreamState stream : page) {
                out.startObject()
                    .string("StreamName", stream.name())
                    .string("StreamARN", stream.arn())
                    .string("StreamStatus", stream.status().name());
                OutputShapes.streamMode(out, stream);
                out.timestamp("StreamCreationTimestamp", stream.createdMillis()).endObject();
            }
            out.endArray();
        });
    }
}
