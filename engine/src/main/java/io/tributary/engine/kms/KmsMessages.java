package io.tributary.engine.kms;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;

/** The texts KMS (and Kinesis passing them on) answers key problems with. Never a key's material. */
public final class KmsMessages {
    private KmsMessages() {
    }

    public static KinesisException keyNotFound(String keyArn) {
        return ErrorCode.KMS_NOT_FOUND.exception("Key '" + keyArn + "' does not exist");
    }

    public static KinesisException aliasNotFound(String aliasArn) {
        return ErrorCode.KMS_NOT_FOUND.exception("Alias " + aliasArn + " is not found.");
    }

    public static KinesisException invalidKeyId(String keyId) {
        return ErrorCode.KMS_NOT_FOUND.exception("Invalid keyId " + keyId);
    }

    public static KinesisException disabled(String keyArn) {
        return ErrorCode.KMS_DISABLED.exception(keyArn + " is disabled.");
    }

    public static KinesisException pendingDeletion(String keyArn) {
        return ErrorCode.KMS_INVALID_STATE.exception(keyArn + " is pending deletion.");
    }

    public static KinesisException accessDenied(String principalArn, KmsAction action, String keyArn) {
        return ErrorCode.KMS_ACCESS_DENIED.exception("User: " + principalArn + " is not authorized to perform: "
            + action.policyName() + " on resource: " + keyArn + " because no resource-based policy allows the "
            + action.policyName() + " action");
    }
}
