package io.tributary.engine.kms;

import io.tributary.engine.log.durable.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's master key: an AES-256 key kept in the data directory (file {@value #FILE_NAME},
 * readable by its owner only), or only in memory when nothing is kept on disk. It wraps the
 * material of every KMS key, so that the key store holds no key in clear. Wrapped material:
 *
 * <pre>
 *  0              12                          12+32+16
 *  +--------------+---------------------------+
 *  | nonce (12)   | AES-GCM(material) ‖ tag   |   additional data: the key id, UTF-8
 *  +--------------+---------------------------+
 * </pre>
 *
 * <p>Concurrency: thread-safe (immutable; a cipher is made per call).
 */
final class MasterKey {
    static final String FILE_NAME = "kms-master.key";
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;

    private MasterKey(byte[] material, SecureRandom random) {
        this.key = new SecretKeySpec(material, "AES");
        this.random = random;
    }

    /** A master key that lives as long as the process: for memory mode. */
    static MasterKey ephemeral(SecureRandom random) {
        byte[] material = new byte[KEY_BYTES];
        random.nextBytes(material);
        return new MasterKey(material, random);
    }

    /** The master key in {@code directory}, made there on first use. Blocking. */
    static MasterKey inDirectory(Path directory, SecureRandom random) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            Files.createDirectories(directory);
            byte[] fresh = new byte[KEY_BYTES];
            random.nextBytes(fresh);
            DurableFiles.replacePrivate(file, fresh);
        }
        byte[] material = Files.readAllBytes(file);
        if (material.length != KEY_BYTES) {
            throw new IOException("master key file " + file + " does not hold a " + KEY_BYTES + "-byte key");
        }
        return new MasterKey(material, random);
    }

    byte[] wrap(String keyId, byte[] material) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(material);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The material {@link #wrap} wrapped; fails if it was wrapped by another master key or for another key id. */
    byte[] unwrap(String keyId, byte[] wrapped) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
