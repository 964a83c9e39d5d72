package io.tributary.websocket;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.fanout.LiveTails;
import io.tributary.engine.model.ShardIteratorType;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a tail's URL asks for: {@code /v1/streams/{stream}/tail?shardId=…&from=…&sequenceNumber=…&timestamp=…}.
 * Every parameter is optional:
 * <ul>
 *   <li>{@code shardId}: one shard ({@code shardId-000000000001} or {@code 1}); without it, every shard.</li>
 *   <li>{@code from}: LATEST, TRIM_HORIZON, AT_TIMESTAMP, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER, in any
 *       case. Without it: AT_SEQUENCE_NUMBER if a sequence number is given, AT_TIMESTAMP if a timestamp is,
 *       LATEST otherwise.</li>
 *   <li>{@code sequenceNumber}: for the two sequence-number starts; it also names the shard.</li>
 *   <li>{@code timestamp}: for AT_TIMESTAMP, in epoch milliseconds or ISO-8601 ({@code 2025-06-01T12:00:00Z}).</li>
 * </ul>
 * Anything else is a mistake, rejected with InvalidArgumentException and a message that says what is wrong.
 */
public record TailRequest(String stream, Optional<String> shardId, LiveTails.Start start) {
    public static final String SHARD_ID = "shardId";
    public static final String FROM = "from";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String TIMESTAMP = "timestamp";
    private static final Set<String> PARAMETERS = Set.of(SHARD_ID, FROM, SEQUENCE_NUMBER, TIMESTAMP);

    /** Reads the request for {@code stream} from its query parameters, or throws InvalidArgumentException. */
    public static TailRequest parse(String stream, MultiMap parameters) {
        for (String name : parameters.names()) {
            if (!PARAMETERS.contains(name)) {
                throw invalid("Unknown parameter " + name + "; a tail takes shardId, from, sequenceNumber and timestamp.");
            }
        }
        Optional<String> shardId = single(parameters, SHARD_ID);
        Optional<String> sequenceNumber = single(parameters, SEQUENCE_NUMBER);
        OptionalLong timestamp = single(parameters, TIMESTAMP).map(TailRequest::timestampMillis)
            .map(OptionalLong::of).orElse(OptionalLong.empty());
        ShardIteratorType type = single(parameters, FROM).map(TailRequest::type)
            .orElse(sequenceNumber.isPresent() ? ShardIteratorType.AT_SEQUENCE_NUMBER
                : timestamp.isPresent() ? ShardIteratorType.AT_TIMESTAMP : ShardIteratorType.LATEST);
        if (sequenceNumber.isPresent() && !type.needsSequenceNumber()) {
            throw invalid("sequenceNumber goes with from=AT_SEQUENCE_NUMBER or from=AFTER_SEQUENCE_NUMBER, not from=" + type + ".");
        }
        if (timestamp.isPresent() && type != ShardIteratorType.AT_TIMESTAMP) {
            throw invalid("timestamp goes with from=AT_TIMESTAMP, not from=" + type + ".");
        }
        return new TailRequest(stream, shardId, new LiveTails.Start(type, sequenceNumber, timestamp));
    }

    private static Optional<String> single(MultiMap parameters, String name) {
        List<String> values = parameters.getAll(name);
        if (values.size() > 1) {
            throw invalid("Parameter " + name + " is given " + values.size() + " times; give it once.");
        }
        return values.stream().findFirst().filter(value -> !value.isBlank()).map(String::trim);
    }

    private static ShardIteratorType type(String text) {
        try {
            return ShardIteratorType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw invalid("from=" + text + " is not a start; use LATEST, TRIM_HORIZON, AT_TIMESTAMP, AT_SEQUENCE_NUMBER"
                + " or AFTER_SEQUENCE_NUMBER.");
        }
    }

    private static long timestampMillis(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                throw invalid("timestamp=" + text + " is too large for epoch milliseconds.");
            }
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException notATime) {
            throw invalid("timestamp=" + text + " is neither epoch milliseconds nor an ISO-8601 instant such as"
                + " 2025-06-01T12:00:00Z.");
        }
    }

    private static KinesisException invalid(String message) {
        return ErrorCode.INVALID_ARGUMENT.exception(message);
    }
}
