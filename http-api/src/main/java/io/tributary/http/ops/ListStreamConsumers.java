package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.model.Limits;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.StreamState;
import io.tributary.engine.token.PageToken;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.List;
import java.util.OptionalLong;

/**
 * Lists a stream's consumers in registration order, a page at a time ({@code MaxResults}, at most
 * 100); a {@code NextToken} carries where the last page ended.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html">ListStreamConsumers</a>
 */
public final class ListStreamConsumers implements Operation {
    private final Api api;

    public ListStreamConsumers(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        long now = api.config().clock().millis();
        StreamState stream = api.stream(input);
        OptionalLong created = input.timestampMillis("StreamCreationTimestamp");
        int skip = 0;
        if (input.has("NextToken")) {
            if (created.isPresent()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("NextToken and StreamCreationTimestamp cannot be provided together.");
            }
            List<String> fields = PageToken.decode(input.requiredString("NextToken"), api.engine().signer(), now).fields();
            if (fields.size() != 2 || !fields.get(0).equals(stream.arn())) {
                throw Messages.invalidNextToken();
            }
            skip = Integer.parseInt(fields.get(1));
        }
        if (created.isPresent() && created.getAsLong() != stream.createdMillis()) {
            throw Messages.streamNotFound(stream.name(), api.config().accountId());
        }
        int limit = Math.min(input.integer("MaxResults").orElse(Limits.LIST_CONSUMERS_MAX_RESULTS), Limits.LIST_CONSUMERS_MAX_RESULTS);
        List<ConsumerState> all = stream.consumers();
        List<ConsumerState> page = all.subList(Math.min(skip, all.size()), Math.min(skip + limit, all.size()));
        boolean more = skip + page.size() < all.size();
        String nextToken = more
            ? new PageToken(now, List.of(stream.arn(), Integer.toString(skip + page.size()))).encode(api.engine().signer())
            : null;
        return Future.succeededFuture(out -> {
            out.startArray("Consumers");
            for (ConsumerState consumer : page) {
                out.startObject();
                OutputShapes.consumer(out, consumer);
                out.endObject();
            }
            out.endArray();
            if (nextToken != null) {
                out.string("NextToken", nextToken);
            }
        });
    }
}
