package io.tributary.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that seals an encrypted stream's records inside the data groups' Raft entries, so that a
 * Raft log holds no plaintext of them (each replica seals them again in its shard log under the
 * stream's KMS key). AES-256-GCM, under a key derived (HMAC-SHA256) from the secret the metadata
 * group agreed on at the cluster's first start, which every node has once its catalog has caught up.
 * Like the single node's master key beside its data, the secret is on the nodes' disks (in the
 * metadata group's log and snapshots): what this keeps off the disks is the records' plaintext.
 *
 * <pre>
 * sealed : nonce (12 bytes, random) | AES-GCM ciphertext | tag (16 bytes)
 * </pre>
 *
 * <p>Concurrency: thread-safe; each call makes its own cipher.
 */
final class EntryKey {
    private static final String PURPOSE = "tributary raft entry records v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** What sealing adds to the plaintext's length. */
    static final int OVERHEAD = NONCE_BYTES + TAG_BITS / 8;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private EntryKey(byte[] material) {
        this.key = new SecretKeySpec(material, "AES");
    }

    /** The key of the cluster whose agreed secret is {@code clusterSecret}. */
    static EntryKey derive(byte[] clusterSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clusterSecret, "HmacSHA256"));
            return new EntryKey(mac.doFinal(PURPOSE.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    byte[] seal(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + plaintext.length + TAG_BITS / 8);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing an entry's records failed", e);
        }
    }

    /** The plaintext of {@code sealed}; IllegalStateException when it was not sealed with this key or was altered. */
    byte[] open(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an entry's sealed records do not open with the cluster's key", e);
        }
    }
}
