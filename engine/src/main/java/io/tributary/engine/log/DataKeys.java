package io.tributary.engine.log;

import io.tributary.engine.error.ErrorCode;
import javax.crypto.SecretKey;

/**
 * Where a shard log gets the data keys that encrypt records at rest (envelope encryption): a fresh
 * AES-256 key for a stream's KMS key, with the same key wrapped by that KMS key to store beside
 * the data, and the way back from a wrapped key to the key. The KMS stand-in
 * ({@link io.tributary.engine.kms.KeyService}) is the one implementation.
 *
 * <p>Concurrency: implementations are thread-safe.
 */
public interface DataKeys {
    /** No key service: a log that is never asked to encrypt. */
    DataKeys NONE = new DataKeys() {
        @Override
        public DataKey newDataKey(String kmsKeyArn) {
            throw ErrorCode.INTERNAL_FAILURE.exception("No key service is configured.");
        }

        @Override
        public SecretKey unwrap(byte[] wrapped) {
            throw ErrorCode.INTERNAL_FAILURE.exception("No key service is configured.");
        }
    };

    /**
     * A new data key under the KMS key {@code kmsKeyArn}.
     *
     * @throws io.tributary.engine.error.KinesisException a KMS error when the key is unknown, disabled or not usable
     */
    DataKey newDataKey(String kmsKeyArn);

    /**
     * The data key a {@link DataKey#wrapped()} blob holds.
     *
     * @throws io.tributary.engine.error.KinesisException a KMS error when its KMS key is unknown, disabled
     *     or not usable, InternalFailure when the blob is not one this service made
     */
    SecretKey unwrap(byte[] wrapped);

    /**
     * A data key: the key itself, kept only in memory, and its wrapped form, which is safe to store.
     * {@link #toString()} never shows the key.
     */
    record DataKey(SecretKey key, byte[] wrapped) {
        @Override
        public String toString() {
            return "DataKey[wrapped " + wrapped.length + " bytes]";
        }
    }
}
