package io.tributary.engine.token;

import static io.tributary.engine.EngineAssertions.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokenTest {
    private static final long ISSUED = 1_700_000_000_000L;
    private static final long LIFETIME_MILLIS = 300_000;
    private static final String INVALID = "Invalid NextToken.";

    private final TokenSigner signer = new TokenSigner("the first test secret".getBytes(StandardCharsets.UTF_8));
    private final PageToken token = new PageToken(ISSUED, List.of("orders", "shardId-000000000007", "", "ünïcödé"));

    @Test
    void shouldDecodeWhatItEncodes() {
        assertEquals(token, PageToken.decode(token.encode(signer), signer, ISSUED));
    }

    @Test
    void shouldCarryNoFieldsAtAll() {
        PageToken empty = new PageToken(ISSUED, List.of());

        assertEquals(empty, PageToken.decode(empty.encode(signer), signer, ISSUED));
    }

    @Test
    void shouldRejectATokenWithAnySingleByteFlipped() {
        for (String tampered : Tampering.everySingleByteFlipped(token.encode(signer))) {
            assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> PageToken.decode(tampered, signer, ISSUED));
        }
    }

    @Test
    void shouldRejectATokenSignedWithAnotherSecret() {
        TokenSigner other = new TokenSigner("the other test secret".getBytes(StandardCharsets.UTF_8));
        String foreign = token.encode(other);

        assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> PageToken.decode(foreign, signer, ISSUED));
    }

    @Test
    void shouldRejectGarbage() {
        for (String garbage : Tampering.garbage()) {
            assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> PageToken.decode(garbage, signer, ISSUED));
        }
    }

    @Test
    void shouldRejectAShardIteratorPresentedAsAPagingToken() {
        String iterator = new ShardIterator(ISSUED, "orders", ISSUED, 0, 0).encode(signer);

        assertRejects(ErrorCode.INVALID_ARGUMENT, INVALID, () -> PageToken.decode(iterator, signer, ISSUED));
    }

    @Test
    void shouldAcceptATokenUntilItIsExactly300SecondsOld() {
        assertEquals(token, PageToken.decode(token.encode(signer), signer, ISSUED + LIFETIME_MILLIS));
    }

    @Test
    void shouldExpireATokenOlderThan300Seconds() {
        String encoded = token.encode(signer);

        assertRejects(ErrorCode.EXPIRED_NEXT_TOKEN, "The timestamp in the NextToken is expired. Request a new one.",
            () -> PageToken.decode(encoded, signer, ISSUED + LIFETIME_MILLIS + 1));
    }
}
