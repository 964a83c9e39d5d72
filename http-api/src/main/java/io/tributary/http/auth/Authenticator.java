package io.tributary.http.auth;

import io.tributary.engine.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The authentication step of a request. With {@code --auth off} it only requires the SigV4
 * header's parts, as local Kinesis servers do, and names nobody; with {@code --auth sigv4} it
 * verifies the signature ({@link SigV4Verifier}) and names the identity that signed.
 *
 * <p>Concurrency: thread-safe; shared by every HTTP verticle.
 */
public final class Authenticator {
    private final Optional<SigV4Verifier> verifier;
    private final Clock clock;

    private Authenticator(Optional<SigV4Verifier> verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    public static Authenticator off() {
        return new Authenticator(Optional.empty(), Clock.systemUTC());
    }

    public static Authenticator sigV4(SigV4Verifier verifier, Clock clock) {
        return new Authenticator(Optional.of(verifier), clock);
    }

    public boolean enabled() {
        return verifier.isPresent();
    }

    /** The identity that signed the request; empty when authentication is off. */
    public Optional<Identity> authenticate(HttpServerRequest request, Buffer body) {
        if (verifier.isEmpty()) {
            requireSignatureParts(request);
            return Optional.empty();
        }
        String authority = request.authority() == null ? null : request.authority().toString();
        SignedRequest signed = new SignedRequest(request.method().name(), rawPath(request.uri()), request.query(),
            request.headers(), authority, body.getBytes());
        return Optional.of(verifier.get().verify(signed, clock.instant()));
    }

    /** The path as sent: the request URI up to its query, without scheme and authority if it had them. */
    private static String rawPath(String uri) {
        String path = uri;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /**
     * Signatures are not verified (any credentials work, as with other local Kinesis servers), but a
     * request must carry a SigV4 Authorization header with its parts, as AWS requires.
     */
    private static void requireSignatureParts(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            throw ErrorCode.MISSING_AUTHENTICATION_TOKEN.exception("Missing Authentication Token");
        }
        Map<String, String> parameters = Authorization.parameters(authorization);
        StringBuilder missing = new StringBuilder();
        for (String part : new String[] {"Credential", "Signature", "SignedHeaders"}) {
            if (parameters.getOrDefault(part, "").isEmpty()) {
                missing.append("Authorization header requires '").append(part).append("' parameter. ");
            }
        }
        if (request.getHeader("X-Amz-Date") == null && request.getHeader("Date") == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw ErrorCode.INCOMPLETE_SIGNATURE.exception(missing + "Authorization=" + authorization);
        }
    }
}
