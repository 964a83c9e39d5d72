package io.tributary.engine.kms;

/** A key's state as KMS names it; only an enabled key encrypts or decrypts. */
public enum KeyState {
    ENABLED("Enabled"),
    DISABLED("Disabled"),
    PENDING_DELETION("PendingDeletion");

    private final String kmsName;

    KeyState(String kmsName) {
        this.kmsName = kmsName;
    }

    public String kmsName() {
        return kmsName;
    }

    public static KeyState ofKmsName(String name) {
        for (KeyState state : values()) {
            if (state.kmsName.equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown key state " + name + "; known: Enabled, Disabled, PendingDeletion");
    }
}
