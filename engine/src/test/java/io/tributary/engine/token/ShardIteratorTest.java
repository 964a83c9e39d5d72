package io.tributary.engine.token;

import static io.tributary.engine.EngineAssertions.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardIteratorTest {
    private static final long ISSUED = Instant.parse("2015-01-22T01:22:02Z").toEpochMilli();
    private static final long LIFETIME_MILLIS = 300_000;
    private static final String INVALID = "Invalid ShardIterator.";

    private final TokenSigner signer = new TokenSigner("the first test secret".getBytes(StandardCharsets.UTF_8));
    private final ShardIterator iterator = new ShardIterator(ISSUED, "orders", ISSUED - 60_000, 3, 1_234_567L);

    @Test
    void shouldDecodeWhatItEncodes() {
        assertEquals(iterator, ShardIterator.decode(iterator.encode(signer), signer, ISSUED));
    }

    @Test
    void shouldCarryTheLongestStreamNameAndExtremeFields() {
        ShardIterator extreme = new ShardIterator(ISSUED, "s".repeat(128), Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);

        assertEquals(extreme, ShardIterator.decode(extreme.encode(signer), signer, ISSUED));
    }

    @Test
    void shouldStartLikeARealKinesisIterator() {
        assertTrue(iterator.encode(signer).startsWith("AAAAAAAAAAE"));
    }

    @Test
    void shouldRejectAnIteratorWithAnySingleByteFlipped() {
        for (String tampered : Tampering.everySingleByteFlipped(iterator.encode(signer))) {
            assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> ShardIterator.decode(tampered, signer, ISSUED));
        }
    }

    @Test
    void shouldRejectAnIteratorSignedWithAnotherSecret() {
        TokenSigner other = new TokenSigner("the other test secret".getBytes(StandardCharsets.UTF_8));
        String foreign = iterator.encode(other);

        assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> ShardIterator.decode(foreign, signer, ISSUED));
    }

    @Test
    void shouldRejectGarbage() {
        for (String garbage : Tampering.garbage()) {
            assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> ShardIterator.decode(garbage, signer, ISSUED));
        }
    }

    @Test
    void shouldRejectAPagingTokenPresentedAsAnIterator() {
        String pageToken = new PageToken(ISSUED, List.of("orders", "3")).encode(signer);

        assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> ShardIterator.decode(pageToken, signer, ISSUED));
    }

    @Test
    void shouldAcceptAnIteratorUntilItIsExactlyFiveMinutesOld() {
        String token = iterator.encode(signer);

        assertEquals(iterator, ShardIterator.decode(token, signer, ISSUED + LIFETIME_MILLIS));
    }

    @Test
    void shouldExpireAnIteratorOlderThanFiveMinutesNamingBothTimes() {
        String token = iterator.encode(signer);
        long now = Instant.parse("2015-01-22T01:27:03Z").toEpochMilli();

        assertRejects(ErrorCode.EXPIRED_ITERATOR, "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC"
            + " 2015 while right now it is Thu Jan 22 01:27:03 UTC 2015 which is further in the future than the tolerated"
            + " delay of 300000 milliseconds.", () -> ShardIterator.decode(token, signer, now));
    }

    @Test
    void shouldExpireAnIteratorOneMillisecondPastFiveMinutes() {
        String token = iterator.encode(signer);

        assertRejects(ErrorCode.EXPIRED_ITERATOR, "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC"
            + " 2015 while right now it is Thu Jan 22 01:27:02 UTC 2015 which is further in the future than the tolerated"
            + " delay of 300000 milliseconds.", () -> ShardIterator.decode(token, signer, ISSUED + LIFETIME_MILLIS + 1));
    }

    @Test
    void shouldWriteSingleDigitDaysWithALeadingZeroAsJavaDatesDo() {
        long created = Instant.parse("2024-03-05T07:08:09Z").toEpochMilli();
        String token = new ShardIterator(created, "orders", created, 0, 0).encode(signer);

        assertRejects(ErrorCode.EXPIRED_ITERATOR, "Iterator expired. The iterator was created at time Tue Mar 05 07:08:09 UTC"
            + " 2024 while right now it is Tue Mar 05 08:08:09 UTC 2024 which is further in the future than the tolerated"
            + " delay of 300000 milliseconds.", () -> ShardIterator.decode(token, signer, created + 3_600_000));
    }
}
