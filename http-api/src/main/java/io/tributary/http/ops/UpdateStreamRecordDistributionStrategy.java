package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.RecordDistribution;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Sets how an on-demand stream places new records: AUTO spreads them evenly over the open shards,
 * ignoring partition keys and explicit hash keys (see {@code RecordEntries}); USER_PARTITION_KEY,
 * the default, routes by them. Records already written stay where they are. AUTO on a provisioned
 * stream is an InvalidArgumentException, as the model documents; USER_PARTITION_KEY is what a
 * provisioned stream always does, so it is accepted and changes nothing. The strategy shows in
 * DescribeStreamSummary.
 *
 * <p>The AWS SDK for Java v2 does not generate this operation (API-SURFACE.md); other SDKs and raw
 * requests use it.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html">UpdateStreamRecordDistributionStrategy</a>
 */
public final class UpdateStreamRecordDistributionStrategy implements Operation {
    private final Api api;

    public UpdateStreamRecordDistributionStrategy(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        RecordDistribution strategy = RecordDistribution.valueOf(input.requiredString("RecordDistributionStrategy"));
        if (stream.mode() != StreamMode.ON_DEMAND && strategy == RecordDistribution.AUTO) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The AUTO record distribution strategy is only supported for the data"
                + " streams with the on-demand capacity mode. Stream " + stream.name() + " under account "
                + api.config().accountId() + " is in the provisioned capacity mode.");
        }
        api.requireActive(stream);
        if (stream.mode() != StreamMode.ON_DEMAND) {
            return Future.succeededFuture(Reply.EMPTY);
        }
        return api.engine().streams()
            .update(stream.name(), current -> current.withOnDemand(current.onDemand().withDistribution(strategy)))
            .map(updated -> Reply.EMPTY);
    }
}
