package io.tributary.http.api;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.http.protocol.Input;
import java.util.Optional;

/**
 * Resolves the stream a request names by {@code StreamName}, {@code StreamARN} or both. An ARN of
 * another region or account names a stream that does not exist here.
 */
public final class StreamAddress {
    private static final String STREAM_MARKER = ":stream/";

    private StreamAddress() {
    }

    public static String streamName(Input input, EngineConfig config) {
        Optional<String> name = input.string("StreamName");
        Optional<String> arn = input.string("StreamARN");
        if (arn.isEmpty()) {
            return name.orElseThrow(() -> ErrorCode.INVALID_ARGUMENT.exception(
                "Either StreamName or StreamARN must be provided."));
        }
        String fromArn = fromArn(arn.get(), config);
        if (name.isPresent() && !name.get().equals(fromArn)) {
            throw ErrorCode.INVALID_ARGUMENT.exception("StreamARN " + arn.get() + " and StreamName " + name.get()
                + " name different streams.");
        }
        return fromArn;
    }

    /** The stream name in a stream ARN of this region and account. */
    public static String fromArn(String arn, EngineConfig config) {
        int marker = arn.indexOf(STREAM_MARKER);
        String[] parts = arn.split(":", 6);
        if (marker < 0 || parts.length < 6) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid StreamARN " + arn + ".");
        }
        String name = arn.substring(marker + STREAM_MARKER.length());
        if (!parts[3].equals(config.region()) || !parts[4].equals(config.accountId())) {
            throw Messages.streamNotFound(name, parts[4]);
        }
        return name;
    }
}
