package io.tributary.http.ops;

import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Stops server-side encryption: records written from now on are stored in plaintext; records
 * written while the stream was encrypted stay encrypted, and are still read back. The stream must be
 * ACTIVE, and goes UPDATING for the update delay, if one is set.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html">StopStreamEncryption</a>
 */
public final class StopStreamEncryption implements Operation {
    private final Api api;

    public StopStreamEncryption(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        Api.requireKmsEncryptionType(input);
        input.requiredString("KeyId");
        return api.engine().streams().updateActive(stream.name(), current -> current.withEncryption(Optional.empty()))
            .map(updated -> Reply.EMPTY);
    }
}
