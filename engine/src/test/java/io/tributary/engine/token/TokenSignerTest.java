package io.tributary.engine.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
    private static final byte[] PAYLOAD = "stream s, shard 3, position 42".getBytes(StandardCharsets.UTF_8);
    private final TokenSigner signer = new TokenSigner("the first test secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldGiveBackThePayloadOfATokenItSigned() {
        String token = signer.sign(ByteBuffer.wrap(PAYLOAD));

        assertArrayEquals(PAYLOAD, remaining(signer.verify(token).orElseThrow()));
    }

    @Test
    void shouldAppendASixteenByteTagToThePayload() {
        byte[] token = Base64.getDecoder().decode(signer.sign(ByteBuffer.wrap(PAYLOAD)));

        assertEquals(PAYLOAD.length + TokenSigner.TAG_BYTES, token.length);
        assertArrayEquals(PAYLOAD, Arrays.copyOf(token, PAYLOAD.length));
    }

    @Test
    void shouldSignAnEmptyPayload() {
        String token = signer.sign(ByteBuffer.allocate(0));

        assertEquals(0, signer.verify(token).orElseThrow().remaining());
    }

    @Test
    void shouldRejectATokenWithAnySingleByteFlipped() {
        String token = signer.sign(ByteBuffer.wrap(PAYLOAD));

        for (String tampered : Tampering.everySingleByteFlipped(token)) {
            assertEquals(Optional.empty(), signer.verify(tampered), tampered);
        }
    }

    @Test
    void shouldRejectATokenSignedWithAnotherSecret() {
        TokenSigner other = new TokenSigner("the other test secret".getBytes(StandardCharsets.UTF_8));

        assertEquals(Optional.empty(), signer.verify(other.sign(ByteBuffer.wrap(PAYLOAD))));
    }

    @Test
    void shouldRejectATruncatedToken() {
        byte[] token = Base64.getDecoder().decode(signer.sign(ByteBuffer.wrap(PAYLOAD)));
        byte[] truncated = Arrays.copyOf(token, token.length - 1);

        assertEquals(Optional.empty(), signer.verify(Base64.getEncoder().encodeToString(truncated)));
    }

    @Test
    void shouldRejectGarbage() {
        for (String garbage : Tampering.garbage()) {
            assertEquals(Optional.empty(), signer.verify(garbage), garbage);
        }
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
