package io.tributary.http.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Cross-origin answers, as Kinesis gives them to browser applications that call it with the AWS
 * JavaScript SDK: any request with an {@code Origin} is allowed from every origin and may read the
 * request id, error headers and date; an {@code OPTIONS} preflight with an {@code Origin} is
 * answered 200 at once, allowing the method and headers it asks for, cached for two days. A
 * preflight carries no credentials, so it is answered before authentication, signed or not.
 *
 * <p>This is the first step of request handling and nothing else: it knows nothing of operations.
 *
 * <p>Concurrency: stateless.
 */
public final class Cors {
    static final String EXPOSED_HEADERS = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";
    static final String PREFLIGHT_MAX_AGE_SECONDS = "172800";

    private Cors() {
    }

    /**
     * Adds the cross-origin headers a request with an Origin gets, and answers it if it is a
     * preflight. Answers whether the request has been answered.
     */
    public static boolean answeredPreflight(HttpServerRequest request) {
        if (request.getHeader("Origin") == null) {
            return false;
        }
        MultiMap headers = request.response().headers();
        headers.set("Access-Control-Allow-Origin", "*");
        headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        if (request.method() != HttpMethod.OPTIONS) {
            return false;
        }
        String method = request.getHeader("Access-Control-Request-Method");
        String requestedHeaders = request.getHeader("Access-Control-Request-Headers");
        if (method != null) {
            headers.set("Access-Control-Allow-Methods", method);
        }
        if (requestedHeaders != null) {
            headers.set("Access-Control-Allow-Headers", requestedHeaders);
        }
        headers.set("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
        request.resume();
        request.response().setStatusCode(200).end();
        return true;
    }
}
