package io.tributary.http.auth;

import io.vertx.core.MultiMap;

/**
 * What SigV4 verification reads of a request: the method, the path and query as sent (still
 * percent-encoded), the headers, the authority (HTTP/2 sends {@code :authority} instead of
 * {@code Host}) and the body.
 */
public record SignedRequest(String method, String rawPath, String rawQuery, MultiMap headers, String authority, byte[] body) {
}
