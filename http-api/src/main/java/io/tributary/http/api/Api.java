package io.tributary.http.api;

import io.tributary.engine.Engine;
import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.fanout.FanOut;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.model.StreamStatus;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.auth.Caller;
import io.tributary.http.protocol.Input;
import java.util.Optional;

/** What every operation works with: the engine, its configuration, and the common look-ups. */
public record Api(Engine engine) {

    public EngineConfig config() {
        return engine.config();
    }

    /** The stream a request names by StreamName and/or StreamARN, in any state. */
    public StreamState stream(Input input) {
        return engine.streams().require(StreamAddress.streamName(input, config()));
    }

    /**
     * The stream a data-plane request names. A stream that is still being created is not found yet,
     * as in Kinesis; one being updated or deleted still serves.
     */
    public StreamState readableStream(Input input) {
        StreamState stream = stream(input);
        if (stream.status() == StreamStatus.CREATING) {
            throw Messages.streamNotFound(stream.name(), config().accountId());
        }
        return stream;
    }

    /** The stream a control-plane change names, which must be ACTIVE (ResourceInUseException otherwise). */
    public StreamState activeStream(Input input) {
        return requireActive(stream(input));
    }

    /** The stream, if it is ACTIVE; ResourceInUseException otherwise. */
    public StreamState requireActive(StreamState stream) {
        if (stream.status() != StreamStatus.ACTIVE) {
            throw Messages.streamNotActive(stream.name(), config().accountId(), stream.status());
        }
        return stream;
    }

    /** The stream a reshard names: ACTIVE, and provisioned, since on-demand streams reshard themselves. */
    public StreamState provisionedActiveStream(Input input, String operation) {
        return requireProvisionedActive(stream(input), operation);
    }

    /** The stream, if it is ACTIVE and provisioned (ValidationException for an on-demand one). */
    public StreamState requireProvisionedActive(StreamState stream, String operation) {
        return requireActive(requireProvisioned(stream, operation));
    }

    /** The stream, if it is provisioned: ValidationException for an on-demand one, which reshards itself. */
    public StreamState requireProvisioned(StreamState stream, String operation) {
        if (stream.mode() != StreamMode.PROVISIONED) {
            throw ErrorCode.VALIDATION.exception(operation + " is only supported for the data streams with the provisioned"
                + " capacity mode.");
        }
        return stream;
    }

    /**
     * The consumer a request names by {@code ConsumerARN}, or by {@code StreamARN} and
     * {@code ConsumerName}; all three may be given if they agree.
     */
    public FanOut.Target consumer(Input input) {
        Optional<String> arn = input.string("ConsumerARN");
        Optional<String> streamArn = input.string("StreamARN");
        Optional<String> name = input.string("ConsumerName");
        if (arn.isPresent()) {
            FanOut.Target target = engine.fanOut().consumer(arn.get());
            boolean agrees = streamArn.map(target.stream().arn()::equals).orElse(true)
                && name.map(target.consumer().name()::equals).orElse(true);
            if (!agrees) {
                throw ErrorCode.INVALID_ARGUMENT.exception("ConsumerARN " + arn.get() + " does not name the consumer that"
                    + " StreamARN and ConsumerName name.");
            }
            return target;
        }
        if (streamArn.isEmpty() || name.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        }
        StreamState stream = engine.streams().require(StreamAddress.fromArn(streamArn.get(), config()));
        ConsumerState consumer = stream.consumer(name.get()).orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception(
            "Consumer " + name.get() + " under stream " + stream.name() + " not found for account " + config().accountId() + "."));
        return new FanOut.Target(stream, consumer);
    }

    /**
     * The ARN of the principal that signed the request, for key-policy checks; empty means
     * authentication is off and no key policy applies.
     */
    public static Optional<String> callerArn(Input input) {
        return input.caller().map(Caller::principalArn);
    }

    /**
     * The {@code EncryptionType} of Start/StopStreamEncryption, which the model lets be NONE or KMS
     * but Kinesis takes only as KMS.
     */
    public static void requireKmsEncryptionType(Input input) {
        String type = input.requiredString("EncryptionType");
        if (!type.equals("KMS")) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Encryption type " + type + " is not supported. The only valid"
                + " encryption type is KMS.");
        }
    }

    /** A request with {@code DryRun} set stops here, answering whether it would have succeeded. */
    public static void checkDryRun(Input input) {
        if (input.bool("DryRun")) {
            throw ErrorCode.DRY_RUN.exception("The request would have succeeded, but the DryRun flag is set.");
        }
    }
}
