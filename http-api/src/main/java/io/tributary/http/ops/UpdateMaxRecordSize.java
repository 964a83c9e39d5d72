package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Sets the largest record a stream accepts, data and partition key together: 1,024 to 10,240 KiB.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html">UpdateMaxRecordSize</a>
 */
public final class UpdateMaxRecordSize implements Operation {
    private final Api api;

    public UpdateMaxRecordSize(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        if (!input.has("StreamARN")) {
            throw ErrorCode.INVALID_ARGUMENT.exception("StreamARN must be provided.");
        }
        StreamState stream = api.activeStream(input);
        int kib = input.integer("MaxRecordSizeInKiB").orElseThrow();
        return api.engine().streams().update(stream.name(), current -> current.withMaxRecordSizeKiB(kib)).map(updated -> Reply.EMPTY);
    }
}
