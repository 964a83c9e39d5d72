package io.tributary.websocket;

import io.tributary.engine.Engine;
import io.tributary.engine.error.KinesisException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/streams/{stream}/tail}: upgrades to a WebSocket and runs a live tail on it (see
 * {@link TailRequest} for the parameters, {@link TailFrames} for the messages). A request that
 * asks for something wrong is still upgraded, then closed with 1008 and the reason, because a
 * browser never shows why a refused upgrade failed. A plain HTTP request gets 426.
 */
final class TailEndpoint {
    static final String PATH = "/v1/streams/:stream/tail";

    private final Engine engine;
    private final TailSettings settings;

    TailEndpoint(Engine engine, TailSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            Json.error(context, 426, "A tail is a WebSocket: connect with ws://" + request.authority() + request.uri());
            return;
        }
        String stream = context.pathParam("stream");
        request.toWebSocket().onSuccess(socket -> {
            TailRequest tail;
            try {
                tail = TailRequest.parse(stream, context.queryParams());
            } catch (KinesisException invalid) {
                TailSession.closeWith(socket, CloseReason.policyViolation(invalid.getMessage()));
                return;
            }
            TailSession.start(context.vertx(), engine, settings, socket, tail);
        });
    }
}
