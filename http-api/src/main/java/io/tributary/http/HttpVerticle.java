package io.tributary.http;

import io.tributary.http.api.KinesisHandler;
import io.tributary.websocket.BrowserRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * One HTTP server instance on one event loop; instances share the listening port. Serves HTTP/1.1
 * and cleartext HTTP/2 (prior knowledge) on the same port, as the AWS SDK's async client expects.
 * The browser-facing routes ({@code /v1/…} and the page at {@code /ui/}) come first; every other
 * request is a Kinesis call.
 */
final class HttpVerticle extends VerticleBase {
    private static final int MAX_CONCURRENT_STREAMS = 1000;

    private final String host;
    private final int port;
    private final KinesisHandler kinesis;
    private final BrowserRoutes browser;
    private HttpServer server;

    HttpVerticle(String host, int port, KinesisHandler kinesis, BrowserRoutes browser) {
        this.host = host;
        this.port = port;
        this.kinesis = kinesis;
        this.browser = browser;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        browser.mount(router);
        router.route().handler(context -> kinesis.handle(context.request()));
        HttpServerOptions options = new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setHttp2ClearTextEnabled(true)
            .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS));
        server = vertx.createHttpServer(options).requestHandler(router);
        return server.listen();
    }

    int actualPort() {
        return server.actualPort();
    }
}
