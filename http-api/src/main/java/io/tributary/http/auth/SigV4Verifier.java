package io.tributary.http.auth;

import io.tributary.engine.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a request's AWS Signature Version 4, in the Authorization header form or the presigned
 * query form, and answers the identity that signed it, or throws the error Kinesis answers with:
 *
 * <ul>
 *   <li>no signature at all: MissingAuthenticationTokenException;</li>
 *   <li>a signature missing parts, or parts in the wrong form: IncompleteSignatureException;</li>
 *   <li>an unknown access key, or a session token that does not belong to it: UnrecognizedClientException;</li>
 *   <li>a scope of another region or service, a date more than {@link #ALLOWED_SKEW} away, an
 *       expired presigned request, or a signature that is not the one the secret gives:
 *       InvalidSignatureException.</li>
 * </ul>
 *
 * <p>Concurrency: thread-safe; the identities are immutable and the cache of signing keys (one per
 * access key and day) is a concurrent map.
 */
public final class SigV4Verifier {
    /** How far a request's X-Amz-Date may be from the server's clock, as AWS's SigV4 documentation states. */
    public static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);
    /** The longest X-Amz-Expires of a presigned request: seven days. */
    public static final long MAX_EXPIRES_SECONDS = 604_800;
    public static final String SERVICE = "kinesis";
    public static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you"
        + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    public static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final int MAX_CACHED_KEYS = 4096;

    private final Map<String, Identity> identities;
    private final String region;
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    public SigV4Verifier(Map<String, Identity> identitiesByAccessKey, String region) {
        this.identities = Map.copyOf(identitiesByAccessKey);
        this.region = region;
    }

    /** The identity whose secret signed {@code request}, checked at {@code now}. */
    public Identity verify(SignedRequest request, Instant now) {
        String authorization = request.headers().get("Authorization");
        if (authorization != null) {
            return verifyHeader(request, authorization, now);
        }
        Map<String, String> query = queryParameters(request.rawQuery());
        if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature")) {
            return verifyPresigned(request, query, now);
        }
        throw ErrorCode.MISSING_AUTHENTICATION_TOKEN.exception("Missing Authentication Token");
    }

    private Identity verifyHeader(SignedRequest request, String authorization, Instant now) {
        Map<String, String> parameters = Authorization.parameters(authorization);
        StringBuilder missing = new StringBuilder();
        for (String part : new String[] {"Credential", "Signature", "SignedHeaders"}) {
            if (parameters.getOrDefault(part, "").isEmpty()) {
                missing.append("Authorization header requires '").append(part).append("' parameter. ");
            }
        }
        String amzDate = request.headers().get("X-Amz-Date");
        if (amzDate == null && request.headers().get("Date") == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception(missing + "Authorization=" + authorization);
        }
        String scheme = Authorization.scheme(authorization);
        if (!scheme.equals(SigV4.ALGORITHM)) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception("Unsupported AWS 'algorithm': '" + scheme + "'");
        }
        Instant signedAt = amzDate != null ? parseAmzDate(amzDate) : parseHttpDate(request.headers().get("Date"));
        String dateText = amzDate != null ? amzDate : AMZ_DATE.format(signedAt);
        Scope scope = Scope.parse(parameters.get("Credential"));
        Identity identity = checkIdentity(scope, request.headers().get("X-Amz-Security-Token"));
        checkScope(scope, dateText);
        checkSkew(dateText, signedAt, now);
        String signedHeaders = parameters.get("SignedHeaders");
        checkSignedHeaders(signedHeaders, "AWS Authorization");
        String payloadHash = payloadHash(request);
        String canonical = canonicalRequest(request, false, signedHeaders, payloadHash);
        checkSignature(identity, scope, dateText, canonical, parameters.get("Signature"));
        return identity;
    }

    private Identity verifyPresigned(SignedRequest request, Map<String, String> query, Instant now) {
        StringBuilder missing = new StringBuilder();
        for (String part : new String[] {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders",
            "X-Amz-Date"}) {
            if (query.getOrDefault(part, "").isEmpty()) {
                missing.append("AWS query-string parameters must include '").append(part).append("'. ");
            }
        }
        if (!missing.isEmpty()) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception(missing + "Re-examine the query-string parameters.");
        }
        String algorithm = query.get("X-Amz-Algorithm");
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception("Unsupported AWS 'algorithm': '" + algorithm + "'");
        }
        String amzDate = query.get("X-Amz-Date");
        Instant signedAt = parseAmzDate(amzDate);
        Scope scope = Scope.parse(query.get("X-Amz-Credential"));
        String token = query.getOrDefault("X-Amz-Security-Token", request.headers().get("X-Amz-Security-Token"));
        Identity identity = checkIdentity(scope, token);
        checkScope(scope, amzDate);
        checkSkew(amzDate, signedAt, now);
        checkExpiry(amzDate, signedAt, query.get("X-Amz-Expires"), now);
        String signedHeaders = query.get("X-Amz-SignedHeaders");
        checkSignedHeaders(signedHeaders, "presigned request");
        String canonical = canonicalRequest(request, true, signedHeaders, payloadHash(request));
        checkSignature(identity, scope, amzDate, canonical, query.get("X-Amz-Signature"));
        return identity;
    }

    private Identity checkIdentity(Scope scope, String sessionToken) {
        Identity identity = identities.get(scope.accessKeyId());
        if (identity == null) {
            throw ErrorCode.UNRECOGNIZED_CLIENT.exception(INVALID_TOKEN);
        }
        boolean tokenMatches = identity.sessionToken()
            .map(expected -> sessionToken != null && constantTimeEquals(expected, sessionToken))
            .orElse(sessionToken == null || sessionToken.isEmpty());
        if (!tokenMatches) {
            throw ErrorCode.UNRECOGNIZED_CLIENT.exception(INVALID_TOKEN);
        }
        return identity;
    }

    private void checkScope(Scope scope, String amzDate) {
        if (!scope.terminator().equals(SigV4.TERMINATOR)) {
            throw ErrorCode.INVALID_SIGNATURE.exception("Credential should be scoped with a valid terminator: 'aws4_request',"
                + " not '" + scope.terminator() + "'.");
        }
        if (!scope.service().equals(SERVICE)) {
            throw ErrorCode.INVALID_SIGNATURE.exception("Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!scope.region().equals(region)) {
            throw ErrorCode.INVALID_SIGNATURE.exception("Credential should be scoped to a valid region. ");
        }
        if (!amzDate.startsWith(scope.date())) {
            throw ErrorCode.INVALID_SIGNATURE.exception("Date in Credential scope does not match YYYYMMDD from ISO-8601 version"
                + " of date from HTTP: '" + scope.date() + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length()))
                + "', from '" + amzDate + "'.");
        }
    }

    private static void checkSkew(String amzDate, Instant signedAt, Instant now) {
        long minutes = ALLOWED_SKEW.toMinutes();
        if (signedAt.isBefore(now.minus(ALLOWED_SKEW))) {
            throw ErrorCode.INVALID_SIGNATURE.exception("Signature expired: " + amzDate + " is now earlier than "
                + AMZ_DATE.format(now.minus(ALLOWED_SKEW)) + " (" + AMZ_DATE.format(now) + " - " + minutes + " min.)");
        }
        if (signedAt.isAfter(now.plus(ALLOWED_SKEW))) {
            throw ErrorCode.INVALID_SIGNATURE.exception("Signature not yet current: " + amzDate + " is still later than "
                + AMZ_DATE.format(now.plus(ALLOWED_SKEW)) + " (" + AMZ_DATE.format(now) + " + " + minutes + " min.)");
        }
    }

    private static void checkExpiry(String amzDate, Instant signedAt, String expiresText, Instant now) {
        long expires;
        try {
            expires = expiresText == null ? MAX_EXPIRES_SECONDS : Long.parseLong(expiresText);
        } catch (NumberFormatException e) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception("X-Amz-Expires should be a number");
        }
        if (expires < 0) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception("X-Amz-Expires must be non-negative");
        }
        if (expires > MAX_EXPIRES_SECONDS) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception("X-Amz-Expires must be less than a week (in seconds) that is "
                + MAX_EXPIRES_SECONDS);
        }
        Instant expiry = signedAt.plusSeconds(expires);
        if (now.isAfter(expiry)) {
            throw ErrorCode.INVALID_SIGNATURE.exception("Signature expired: " + amzDate + " is now earlier than "
                + AMZ_DATE.format(now.minusSeconds(expires)) + " (" + AMZ_DATE.format(now) + " - " + expires + " sec.)");
        }
    }

    private static void checkSignedHeaders(String signedHeaders, String form) {
        for (String name : signedHeaders.split(";")) {
            if (name.equals("host") || name.equals(":authority")) {
                return;
            }
        }
        throw ErrorCode.INVALID_SIGNATURE.exception("'Host' or ':authority' must be a 'SignedHeader' in the " + form + ".");
    }

    private void checkSignature(Identity identity, Scope scope, String amzDate, String canonicalRequest, String signature) {
        String stringToSign = SigV4.stringToSign(amzDate, scope.text(), canonicalRequest);
        String expected = SigV4.hex(SigV4.hmac(signingKey(identity, scope), stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw ErrorCode.INVALID_SIGNATURE.exception(SIGNATURE_MISMATCH);
        }
    }

    private byte[] signingKey(Identity identity, Scope scope) {
        String cacheKey = identity.accessKeyId() + '/' + scope.date();
        byte[] key = signingKeys.get(cacheKey);
        if (key == null) {
            key = SigV4.signingKey(identity.secretAccessKey(), scope.date(), region, SERVICE);
            if (signingKeys.size() >= MAX_CACHED_KEYS) {
                signingKeys.clear();
            }
            signingKeys.put(cacheKey, key);
        }
        return key;
    }

    /**
     * The payload hash the signature covers: {@code x-amz-content-sha256} when sent (which must then
     * be the body's hash, or {@code UNSIGNED-PAYLOAD}), otherwise the body's hash. The SDK's
     * presigner for services other than S3 signs the body's hash too, so a presigned Kinesis request
     * cannot carry another body than the one it was signed for.
     */
    private static String payloadHash(SignedRequest request) {
        String declared = request.headers().get("x-amz-content-sha256");
        if (declared == null) {
            return SigV4.sha256Hex(request.body());
        }
        if (declared.equals(SigV4.UNSIGNED_PAYLOAD)) {
            return declared;
        }
        if (!declared.equalsIgnoreCase(SigV4.sha256Hex(request.body()))) {
            throw ErrorCode.INVALID_SIGNATURE.exception("The provided 'x-amz-content-sha256' header does not match what was"
                + " computed.");
        }
        return declared;
    }

    private static String canonicalRequest(SignedRequest request, boolean presigned, String signedHeaders, String payloadHash) {
        StringBuilder canonical = new StringBuilder(256)
            .append(request.method()).append('\n')
            .append(SigV4.canonicalUri(request.rawPath())).append('\n')
            .append(SigV4.canonicalQuery(request.rawQuery(), presigned)).append('\n');
        for (String name : signedHeaders.split(";")) {
            canonical.append(name).append(':').append(headerValue(request, name)).append('\n');
        }
        return canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash).toString();
    }

    private static String headerValue(SignedRequest request, String name) {
        List<String> values = request.headers().getAll(name);
        if (values.isEmpty() && (name.equals("host") || name.equals(":authority"))) {
            return request.authority() == null ? "" : request.authority();
        }
        return SigV4.canonicalHeaderValue(values);
    }

    private static Instant parseAmzDate(String text) {
        try {
            return ZonedDateTime.parse(text, AMZ_DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception("Date must be in ISO-8601 'basic format'. Got '" + text + "'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static Instant parseHttpDate(String text) {
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception("Date must be in ISO-8601 'basic format'. Got '" + text + "'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = SigV4.percentDecode(equals < 0 ? pair : pair.substring(0, equals));
            parameters.putIfAbsent(name, equals < 0 ? "" : SigV4.percentDecode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The credential scope: {@code <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request}. */
    record Scope(String accessKeyId, String date, String region, String service, String terminator) {
        static Scope parse(String credential) {
            String[] parts = credential.split("/", -1);
            if (parts.length != 5) {
                throw ErrorCode.INCOMPLETE_SIGNATURE.exception("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + credential + "'");
            }
            return new Scope(parts[0], parts[1], parts[2], parts[3], parts[4]);
        }

        String text() {
            return date + '/' + region + '/' + service + '/' + terminator;
        }
    }
}
