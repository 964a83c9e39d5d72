package io.tributary.http.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads a SigV4 {@code Authorization} header: its scheme and the {@code name=value} parameters after
 * it. The header, trimmed, is split at runs of commas and spaces. (Written out rather than with
 * {@code split("[, ]+")}, which compiled and ran a regular expression for every request.)
 */
public final class Authorization {
    private Authorization() {
    }

    /** The first word of the header, such as {@code AWS4-HMAC-SHA256}. */
    public static String scheme(String authorization) {
        String text = authorization.trim();
        int end = 0;
        while (end < text.length() && !isSeparator(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }

    public static Map<String, String> parameters(String authorization) {
        Map<String, String> parameters = new HashMap<>();
        String text = authorization.trim();
        int start = 0;
        while (start < text.length() && !isSeparator(text.charAt(start))) {
            start++;
        }
        while (start < text.length()) {
            while (start < text.length() && isSeparator(text.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < text.length() && !isSeparator(text.charAt(end))) {
                end++;
            }
            int equals = text.indexOf('=', start);
            if (equals > start && equals < end) {
                parameters.put(text.substring(start, equals), text.substring(equals + 1, end));
            }
            start = end;
        }
        return parameters;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ' ';
    }
}
