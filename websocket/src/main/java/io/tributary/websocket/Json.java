package io.tributary.websocket;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the JSON answers of the browser-facing HTTP endpoints. */
final class Json {
    private static final String JSON = "application/json; charset=utf-8";

    private Json() {
    }

    static void ok(RoutingContext context, JsonObject body) {
        send(context, 200, body);
    }

    static void error(RoutingContext context, int status, String message) {
        send(context, status, new JsonObject().put("message", message));
    }

    private static void send(RoutingContext context, int status, JsonObject body) {
        context.response()
            .setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(body.toBuffer());
    }
}
