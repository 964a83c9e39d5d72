package io.tributary.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.model.ShardIteratorType;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TailRequestTest {
    private static final String SEQUENCE = "4" + "0".repeat(42);

    @Test
    void shouldTailEveryShardFromLatestWhenNothingIsGiven() {
        TailRequest request = TailRequest.parse("orders", MultiMap.caseInsensitiveMultiMap());

        assertEquals("orders", request.stream());
        assertEquals(Optional.empty(), request.shardId());
        assertEquals(ShardIteratorType.LATEST, request.start().type());
    }

    @Test
    void shouldReadTheShardAndTheStartInAnyCase() {
        TailRequest request = TailRequest.parse("orders", params("shardId", "shardId-000000000001", "from", "trim_horizon"));

        assertEquals(Optional.of("shardId-000000000001"), request.shardId());
        assertEquals(ShardIteratorType.TRIM_HORIZON, request.start().type());
    }

    @Test
    void shouldStartAtASequenceNumberWhenOnlyOneIsGiven() {
        TailRequest request = TailRequest.parse("orders", params("sequenceNumber", SEQUENCE));

        assertEquals(ShardIteratorType.AT_SEQUENCE_NUMBER, request.start().type());
        assertEquals(Optional.of(SEQUENCE), request.start().sequenceNumber());
    }

    @Test
    void shouldStartAfterASequenceNumberWhenAsked() {
        TailRequest request = TailRequest.parse("orders", params("from", "AFTER_SEQUENCE_NUMBER", "sequenceNumber", SEQUENCE));

        assertEquals(ShardIteratorType.AFTER_SEQUENCE_NUMBER, request.start().type());
    }

    @Test
    void shouldTakeTimestampsInEpochMillisecondsOrIso8601() {
        long millis = Instant.parse("2025-06-01T12:00:00.250Z").toEpochMilli();

        assertEquals(OptionalLong.of(millis), TailRequest.parse("s", params("timestamp", Long.toString(millis))).start().timestampMillis());
        TailRequest iso = TailRequest.parse("s", params("from", "AT_TIMESTAMP", "timestamp", "2025-06-01T12:00:00.250Z"));
        assertEquals(ShardIteratorType.AT_TIMESTAMP, iso.start().type());
        assertEquals(OptionalLong.of(millis), iso.start().timestampMillis());
    }

    @Test
    void shouldRejectAnUnknownStart() {
        assertInvalid("from=EARLIEST is not a start; use LATEST, TRIM_HORIZON, AT_TIMESTAMP, AT_SEQUENCE_NUMBER or"
            + " AFTER_SEQUENCE_NUMBER.", params("from", "EARLIEST"));
    }

    @Test
    void shouldRejectASequenceNumberStartWithoutASequenceNumber() {
        assertInvalid("A start of type AT_SEQUENCE_NUMBER needs a sequence number.", params("from", "AT_SEQUENCE_NUMBER"));
    }

    @Test
    void shouldRejectATimestampStartWithoutATimestamp() {
        assertInvalid("A start of type AT_TIMESTAMP needs a timestamp.", params("from", "AT_TIMESTAMP"));
    }

    @Test
    void shouldRejectATimestampThatIsNotOne() {
        assertInvalid("timestamp=yesterday is neither epoch milliseconds nor an ISO-8601 instant such as 2025-06-01T12:00:00Z.",
            params("timestamp", "yesterday"));
    }

    @Test
    void shouldRejectParametersThatDoNotGoWithTheStart() {
        assertInvalid("sequenceNumber goes with from=AT_SEQUENCE_NUMBER or from=AFTER_SEQUENCE_NUMBER, not from=LATEST.",
            params("from", "LATEST", "sequenceNumber", SEQUENCE));
        assertInvalid("timestamp goes with from=AT_TIMESTAMP, not from=TRIM_HORIZON.",
            params("from", "TRIM_HORIZON", "timestamp", "1"));
    }

    @Test
    void shouldRejectUnknownAndRepeatedParameters() {
        assertInvalid("Unknown parameter shard; a tail takes shardId, from, sequenceNumber and timestamp.", params("shard", "1"));
        assertInvalid("Parameter shardId is given 2 times; give it once.", params("shardId", "1", "shardId", "2"));
    }

    private static void assertInvalid(String message, MultiMap parameters) {
        KinesisException error = assertThrows(KinesisException.class, () -> TailRequest.parse("s", parameters));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(message, error.getMessage());
    }

    private static MultiMap params(String... namesAndValues) {
        MultiMap parameters = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }
}
