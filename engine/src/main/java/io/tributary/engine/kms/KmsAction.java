package io.tributary.engine.kms;

/** The key operations Kinesis performs on a caller's behalf, as IAM and key policies name them. */
public enum KmsAction {
    /** Writing records to an encrypted stream. */
    GENERATE_DATA_KEY("kms:GenerateDataKey"),
    /** Reading records of an encrypted stream. */
    DECRYPT("kms:Decrypt");

    private final String policyName;

    KmsAction(String policyName) {
        this.policyName = policyName;
    }

    /** The name a key policy uses: {@code kms:GenerateDataKey}, {@code kms:Decrypt}. */
    public String policyName() {
        return policyName;
    }

    public static KmsAction ofPolicyName(String name) {
        for (KmsAction action : values()) {
            if (action.policyName.equals(name)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown key policy action " + name + "; known: kms:GenerateDataKey, kms:Decrypt");
    }
}
