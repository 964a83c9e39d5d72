package io.tributary.http.auth;

import java.util.Locale;

/** How requests are authenticated: {@code off} (as local Kinesis servers do) or {@code sigv4}. */
public enum AuthMode {
    /** Any signature is accepted; a request must only carry the SigV4 header's parts. */
    OFF,
    /** Every request's SigV4 signature is verified against the credentials file and its policies enforced. */
    SIGV4;

    public static AuthMode ofFlag(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "sigv4" -> SIGV4;
            default -> throw new IllegalArgumentException(text);
        };
    }
}
