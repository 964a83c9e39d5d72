package io.tributary.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of AWS Signature Version 4 that a server recomputes: the canonical URI, query and
 * header lines, the string to sign and the signing key. The crypto is the JDK's (HmacSHA256,
 * SHA-256); the canonical forms follow the SigV4 specification as the AWS SDKs apply it to
 * services other than S3 (paths normalized and URI-encoded once more).
 *
 * <pre>
 * canonical request = METHOD \n URI \n QUERY \n (name:value \n)* \n signed;headers \n payload-hash
 * string to sign    = AWS4-HMAC-SHA256 \n yyyyMMdd'T'HHmmss'Z' \n date/region/service/aws4_request \n hex(sha256(canonical request))
 * signing key       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
 * </pre>
 *
 * <p>Concurrency: stateless; every method may be called from any thread.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    });

    private SigV4() {
    }

    public static String sha256Hex(byte[] bytes) {
        return hex(SHA_256.get().digest(bytes));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, TERMINATOR);
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    }

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * The canonical URI of a raw (as sent, still percent-encoded) path: dot segments removed, then
     * every byte but the unreserved ones and {@code /} percent-encoded, as the SDKs sign it for
     * every service but S3.
     */
    public static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return uriEncode(normalize(rawPath), false);
    }

    /**
     * The canonical query string: each parameter decoded and encoded again the SigV4 way, sorted by
     * name and then value; {@code X-Amz-Signature} left out when {@code presigned}.
     */
    public static String canonicalQuery(String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = percentDecode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1));
            if (presigned && name.equals("X-Amz-Signature")) {
                continue;
            }
            parameters.add(new String[] {uriEncode(name, true), uriEncode(value, true)});
        }
        parameters.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] parameter : parameters) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(parameter[0]).append('=').append(parameter[1]);
        }
        return out.toString();
    }

    /** A header's values as signed: each trimmed, inner runs of spaces made one, joined by commas. */
    public static String canonicalHeaderValue(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            String trimmed = value.trim();
            boolean space = false;
            for (int i = 0; i < trimmed.length(); i++) {
                char c = trimmed.charAt(i);
                if (c == ' ') {
                    if (!space) {
                        out.append(c);
                    }
                    space = true;
                } else {
                    out.append(c);
                    space = false;
                }
            }
        }
        return out.toString();
    }

    /** RFC 3986 encoding of UTF-8 bytes: unreserved characters stay, {@code /} stays unless asked. */
    public static String uriEncode(String text, boolean encodeSlash) {
        StringBuilder out = null;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean keep = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                || b == '-' || b == '_' || b == '.' || b == '~' || (b == '/' && !encodeSlash);
            if (keep) {
                if (out != null) {
                    out.append((char) b);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(bytes.length + 16);
                    for (int j = 0; j < i; j++) {
                        out.append((char) bytes[j]);
                    }
                }
                out.append('%').append(Character.toUpperCase(HEX[b >> 4])).append(Character.toUpperCase(HEX[b & 0xF]));
            }
        }
        return out == null ? text : out.toString();
    }

    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hexValue(text.charAt(i + 1)) >= 0 && hexValue(text.charAt(i + 2)) >= 0) {
                out.write(hexValue(text.charAt(i + 1)) * 16 + hexValue(text.charAt(i + 2)));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hexValue(char c) {
        return Character.digit(c, 16);
    }

    /** Removes {@code .} and {@code ..} segments and runs of slashes, keeping a trailing slash. */
    private static String normalize(String path) {
        if (!path.contains("/.") && !path.contains("//")) {
            return path;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(segment);
            }
        }
        String joined = "/" + String.join("/", segments);
        return path.endsWith("/") && !joined.endsWith("/") ? joined + "/" : joined;
    }
}
