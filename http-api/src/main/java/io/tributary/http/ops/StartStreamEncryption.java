package io.tributary.http.ops;

import io.tributary.engine.kms.KeyService;
import io.tributary.engine.kms.KmsAction;
import io.tributary.engine.kms.KmsKey;
import io.tributary.engine.stream.StreamEncryption;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * Starts (or changes the key of) server-side encryption: records written from now on are stored
 * encrypted under data keys of the named KMS key; records written before stay as they are. The
 * stream must be ACTIVE, and goes UPDATING for the update delay, if one is set. The key must exist,
 * be enabled, and (with authentication on) let the caller generate data keys.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html">StartStreamEncryption</a>
 */
public final class StartStreamEncryption implements Operation {
    private final Api api;

    public StartStreamEncryption(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        Api.requireKmsEncryptionType(input);
        String keyId = input.requiredString("KeyId");
        Optional<String> caller = Api.callerArn(input);
        return resolve(api.engine().keys(), keyId)
            .compose(key -> {
                api.engine().keys().authorize(key.arn(), caller, KmsAction.GENERATE_DATA_KEY);
                return api.engine().streams().updateActive(stream.name(),
                    current -> current.withEncryption(Optional.of(new StreamEncryption(keyId, key.arn()))));
            })
            .map(updated -> Reply.EMPTY);
    }

    /** The key; on a worker when naming it makes the AWS-managed key, which writes the key store. */
    private static Future<KmsKey> resolve(KeyService keys, String keyId) {
        if (keys.resolveWouldCreate(keyId)) {
            return Vertx.currentContext().owner().executeBlocking(() -> keys.resolve(keyId), false);
        }
        return Future.succeededFuture(keys.resolve(keyId));
    }
}
