package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.model.Limits;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import io.tributary.engine.token.PageToken;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.api.StreamAddress;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Lists a stream's shards, optionally filtered by a {@code ShardFilter}, a page at a time
 * ({@code MaxResults}, at most 1000). A {@code NextToken} carries the stream, the filter and where
 * the last page ended, so it cannot be combined with any of them.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html">ListShards</a>
 */
public final class ListShards implements Operation {
    private static final List<String> EXCLUSIVE_WITH_NEXT_TOKEN =
        List.of("StreamName", "StreamARN", "ExclusiveStartShardId", "ShardFilter", "StreamCreationTimestamp");

    private final Api api;

    public ListShards(Api api) {
        this.api = api;
    }

    /** One listing: which stream, after which shard, through which filter. */
    private record Query(String stream, long createdMillis, String afterShardId, String filterType,
                         String filterShardId, OptionalLong filterTimestamp) {

        List<String> toFields(String lastShardId) {
            return List.of(stream, Long.toString(createdMillis), lastShardId, filterType, filterShardId,
                filterTimestamp.isPresent() ? Long.toString(filterTimestamp.getAsLong()) : "");
        }

        static Query fromFields(List<String> fields) {
            if (fields.size() != 6) {
                throw Messages.invalidNextToken();
            }
            OptionalLong timestamp = fields.get(5).isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields.get(5)));
            return new Query(fields.get(0), Long.parseLong(fields.get(1)), fields.get(2), fields.get(3), fields.get(4), timestamp);
        }
    }

    @Override
    public Future<Reply> handle(Input input) {
        long now = api.config().clock().millis();
        Query query = input.string("NextToken").map(token -> fromToken(input, token, now)).orElseGet(() -> fromRequest(input));
        StreamState stream = api.engine().streams().snapshot().stream(query.stream())
            .filter(found -> found.createdMillis() == query.createdMillis())
            .orElseThrow(() -> Messages.streamNotFound(query.stream(), api.config().accountId()));
        int limit = Math.min(input.integer("MaxResults").orElse(Limits.LIST_SHARDS_DEFAULT_RESULTS), Limits.LIST_SHARDS_MAX_RESULTS);
        Predicate<ShardState> filter = filter(query, stream, now);
        List<ShardState> remaining = stream.unexpiredShards(api.config().clock().millis()).stream()
            .filter(shard -> shard.id().toString().compareTo(query.afterShardId()) > 0)
            .filter(filter)
            .toList();
        List<ShardState> page = remaining.subList(0, Math.min(limit, remaining.size()));
        Optional<String> nextToken = remaining.size() > page.size()
            ? Optional.of(new PageToken(now, query.toFields(page.get(page.size() - 1).id().toString())).encode(api.engine().signer()))
            : Optional.empty();
        return Future.succeededFuture(out -> {
            out.startArray("Shards");
            for (ShardState shard : page) {
                OutputShapes.shard(out, shard);
            }
            out.endArray();
            if (nextToken.isPresent()) {
                out.string("NextToken", nextToken.get());
            }
        });
    }

    private Query fromToken(Input input, String token, long now) {
        for (String member : EXCLUSIVE_WITH_NEXT_TOKEN) {
            if (input.has(member)) {
                throw ErrorCode.INVALID_ARGUMENT.exception("NextToken and " + member + " cannot be provided together.");
            }
        }
        return Query.fromFields(PageToken.decode(token, api.engine().signer(), now).fields());
    }

    private Query fromRequest(Input input) {
        if (!input.has("StreamName") && !input.has("StreamARN")) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Either NextToken or StreamName should be provided.");
        }
        String name = StreamAddress.streamName(input, api.config());
        StreamState stream = api.engine().streams().require(name);
        OptionalLong created = input.timestampMillis("StreamCreationTimestamp");
        if (created.isPresent() && created.getAsLong() != stream.createdMillis()) {
            throw Messages.streamNotFound(name, api.config().accountId());
        }
        Optional<Input> filter = input.structure("ShardFilter");
        String type = filter.map(f -> f.requiredString("Type")).orElse("");
        String filterShardId = filter.flatMap(f -> f.string("ShardId")).orElse("");
        OptionalLong timestamp = filter.map(f -> f.timestampMillis("Timestamp")).orElse(OptionalLong.empty());
        checkFilter(type, filterShardId, timestamp);
        return new Query(name, stream.createdMillis(), input.string("ExclusiveStartShardId").orElse(""), type, filterShardId, timestamp);
    }

    private static void checkFilter(String type, String shardId, OptionalLong timestamp) {
        boolean timed = type.equals("AT_TIMESTAMP") || type.equals("FROM_TIMESTAMP");
        if (type.equals("AFTER_SHARD_ID") && shardId.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("ShardFilter of type AFTER_SHARD_ID requires a ShardId.");
        }
        if (!type.equals("AFTER_SHARD_ID") && !shardId.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("ShardId can only be provided with a ShardFilter of type AFTER_SHARD_ID.");
        }
        if (timed && timestamp.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("ShardFilter of type " + type + " requires a Timestamp.");
        }
        if (!timed && timestamp.isPresent()) {
            throw ErrorCode.INVALID_ARGUMENT.exception(
                "Timestamp can only be provided with a ShardFilter of type AT_TIMESTAMP or FROM_TIMESTAMP.");
        }
    }

    /** Which shards a filter keeps, from the shards' open and close times. */
    private static Predicate<ShardState> filter(Query query, StreamState stream, long now) {
        long trimHorizon = Math.max(stream.createdMillis(), now - stream.retentionMillis());
        long at = Math.max(stream.createdMillis(), query.filterTimestamp().orElse(now));
        return switch (query.filterType()) {
            case "" , "FROM_TRIM_HORIZON" -> shard -> true;
            case "AFTER_SHARD_ID" -> shard -> shard.id().toString().compareTo(query.filterShardId()) > 0;
            case "AT_TRIM_HORIZON" -> shard -> shard.openAt(trimHorizon);
            case "AT_LATEST" -> ShardState::isOpen;
            case "AT_TIMESTAMP" -> shard -> shard.openAt(at);
            case "FROM_TIMESTAMP" -> shard -> shard.closedMillis().isEmpty() || shard.closedMillis().getAsLong() > at;
            default -> throw ErrorCode.INVALID_ARGUMENT.exception("Unknown ShardFilter type " + query.filterType() + ".");
        };
    }
}
