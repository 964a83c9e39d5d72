package io.tributary.engine.token;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes opaque, tamper-proof tokens: a payload followed by a truncated HMAC-SHA256 tag, in base64.
 * Shard iterators and paging tokens are built on it.
 *
 * <pre>
 *  +----------------------------+------------------------+
 *  | payload (caller's layout)  | tag: HMAC-SHA256[0..16) |
 *  +----------------------------+------------------------+
 * </pre>
 *
 * <p>Concurrency: thread-safe; each thread keeps its own {@link Mac} for the current key.
 */
public final class TokenSigner {
    static final int TAG_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private volatile ThreadLocal<Mac> macs;

    public TokenSigner(byte[] secret) {
        rekey(secret);
    }

    /**
     * Signs and verifies with {@code secret} from now on; tokens made under the old one no longer
     * verify. Cluster mode calls it once at start, before the node serves, so that every node shares
     * the cluster's secret and takes any node's tokens.
     */
    public void rekey(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    public String sign(ByteBuffer payload) {
        byte[] body = new byte[payload.remaining()];
        payload.get(body);
        byte[] token = Arrays.copyOf(body, body.length + TAG_BYTES);
        System.arraycopy(tag(body, body.length), 0, token, body.length, TAG_BYTES);
        return Base64.getEncoder().encodeToString(token);
    }

    /** The payload of a token this signer made; empty for anything else. */
    public Optional<ByteBuffer> verify(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (bytes.length < TAG_BYTES) {
            return Optional.empty();
        }
        int length = bytes.length - TAG_BYTES;
        byte[] expected = tag(bytes, length);
        byte[] actual = Arrays.copyOfRange(bytes, length, bytes.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        return Optional.of(ByteBuffer.wrap(bytes, 0, length).slice());
    }

    private byte[] tag(byte[] body, int length) {
        Mac mac = macs.get();
        mac.update(body, 0, length);
        return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        }
    }
}
