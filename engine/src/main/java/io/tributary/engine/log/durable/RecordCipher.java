package io.tributary.engine.log.durable;

import io.tributary.engine.log.LogRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals records into frames and opens sealed frames, with AES-256-GCM (see {@link RecordFrame} for
 * the layout, the nonce and the authenticated header). One cipher, one nonce array and one
 * plaintext buffer serve every record of a log, so the hot path allocates only what each record
 * must have: its data array on reads.
 *
 * <p>Concurrency: not thread-safe; one per shard log, used on its owner's thread only.
 */
final class RecordCipher {
    private static final int TAG_BITS = RecordFrame.TAG_BYTES * 8;

    private final Cipher cipher;
    private final byte[] nonce = new byte[RecordFrame.NONCE_BYTES];
    private byte[] plaintext = new byte[4096];

    RecordCipher() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Writes a sealed frame for one record at the buffer's position and advances it. */
    void seal(ByteBuffer frames, long position, long arrivalMillis, byte[] partitionKey, byte[] data, int keyRef, SecretKey dataKey) {
        int start = frames.position();
        RecordFrame.writeSealedHeader(frames, position, arrivalMillis, partitionKey.length, data.length, keyRef);
        RecordFrame.nonce(position, nonce);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] out = frames.array();
            int at = frames.arrayOffset() + frames.position();
            cipher.updateAAD(out, frames.arrayOffset() + start + RecordFrame.AAD_OFFSET, RecordFrame.AAD_BYTES);
            at += cipher.update(partitionKey, 0, partitionKey.length, out, at);
            at += cipher.doFinal(data, 0, data.length, out, at);
            frames.position(at - frames.arrayOffset());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a record failed", e);
        }
        RecordFrame.finishSealed(frames, start);
    }

    /**
     * The record of the scanner's current, sealed frame, in plaintext.
     *
     * @throws CorruptFrameException when the frame does not authenticate under its key
     */
    LogRecord open(FrameScanner scanner, SecretKey dataKey) throws CorruptFrameException {
        ByteBuffer buffer = scanner.buffer();
        int frame = scanner.frameStart();
        long position = scanner.position();
        int keyLength = RecordFrame.keyLength(buffer, frame);
        int sealedLength = scanner.frameBytes() - RecordFrame.SEALED_HEADER_BYTES;
        if (plaintext.length < sealedLength) {
            plaintext = new byte[Math.max(sealedLength, plaintext.length * 2)];
        }
        RecordFrame.nonce(position, nonce);
        int opened;
        try {
            cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(buffer.array(), buffer.arrayOffset() + frame + RecordFrame.AAD_OFFSET, RecordFrame.AAD_BYTES);
            opened = cipher.doFinal(buffer.array(), buffer.arrayOffset() + frame + RecordFrame.SEALED_HEADER_BYTES, sealedLength,
                plaintext, 0);
        } catch (AEADBadTagException forged) {
            throw new CorruptFrameException(scanner.fileOffset(), "sealed frame does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening a record failed", e);
        }
        return new LogRecord(position, scanner.arrivalMillis(), new String(plaintext, 0, keyLength, StandardCharsets.UTF_8),
            Arrays.copyOfRange(plaintext, keyLength, opened), true);
    }
}
