package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.RetentionRules;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Shortens how long a stream keeps its records; records older than the new period stop being
 * readable at once and their segments are deleted in the background.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html">DecreaseStreamRetentionPeriod</a>
 */
public final class DecreaseStreamRetentionPeriod implements Operation {
    private final Api api;

    public DecreaseStreamRetentionPeriod(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        int hours = RetentionRules.requestedHours(input);
        return api.engine().streams().update(stream.name(), current -> {
            if (hours > current.retentionHours()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Requested retention period (" + hours + " hours) for stream "
                    + current.name() + " can not be longer than existing retention period (" + current.retentionHours()
                    + " hours). Use IncreaseRetentionPeriod API.");
            }
            return current.withRetentionHours(hours);
        }).map(updated -> Reply.EMPTY);
    }
}
