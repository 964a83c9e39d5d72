package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.protocol.Input;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

/**
 * The stream or consumer a {@code ResourceARN} names (TagResource, resource policies and their kin),
 * with the changes those operations make to it.
 *
 * @param consumer present when the ARN names one of the stream's consumers
 */
public record ResourceTarget(StreamState stream, Optional<ConsumerState> consumer) {
    private static final String CONSUMER_MARKER = "/consumer/";

    public static ResourceTarget of(Api api, Input input) {
        String arn = input.requiredString("ResourceARN");
        int consumerAt = arn.indexOf(CONSUMER_MARKER);
        String streamArn = consumerAt < 0 ? arn : arn.substring(0, consumerAt);
        StreamState stream = api.engine().streams().require(StreamAddress.fromArn(streamArn, api.config()));
        if (consumerAt < 0) {
            return new ResourceTarget(stream, Optional.empty());
        }
        ConsumerState consumer = stream.consumerByArn(arn).orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception(
            "Consumer " + arn + " not found."));
        return new ResourceTarget(stream, Optional.of(consumer));
    }

    public String arn() {
        return consumer.map(ConsumerState::arn).orElse(stream.arn());
    }

    public SortedMap<String, String> tags() {
        return consumer.map(ConsumerState::tags).orElse(stream.tags());
    }

    public Optional<String> resourcePolicy() {
        return consumer.isPresent() ? consumer.get().resourcePolicy() : stream.resourcePolicy();
    }

    /** The stream as it now stands with the target changed: the stream itself, or its consumer. */
    public UnaryOperator<StreamState> change(UnaryOperator<StreamState> onStream, UnaryOperator<ConsumerState> onConsumer) {
        if (consumer.isEmpty()) {
            return onStream;
        }
        String consumerArn = consumer.get().arn();
        return current -> current.withConsumer(onConsumer.apply(current.consumerByArn(consumerArn)
            .orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception("Consumer " + consumerArn + " not found."))));
    }

    /** A change to a resource needs its stream ACTIVE, as the tag and policy operations do. */
    public ResourceTarget requireActive(String account) {
        if (stream.status() != io.tributary.engine.model.StreamStatus.ACTIVE) {
            throw Messages.streamNotActive(stream.name(), account, stream.status());
        }
        return this;
    }
}
