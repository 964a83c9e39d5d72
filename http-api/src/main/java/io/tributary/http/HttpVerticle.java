package io.tributary.http;

import io.tributary.http.api.AdminRoutes;
import io.tributary.http.api.FaultInjector;
import io.tributary.http.api.KinesisHandler;
import io.tributary.monitoring.MonitoringRoutes;
import io.tributary.websocket.BrowserRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * One set of HTTP servers on one event loop; instances share the listening sockets. The plain port
 * serves HTTP/1.1 and cleartext HTTP/2 (prior knowledge), as the AWS SDK's async client expects; the
 * optional TLS port offers h2 and http/1.1 by ALPN, for clients that insist on https (the Kinesis
 * Producer Library). Both serve the browser-facing routes ({@code /v1/…} and the page at
 * {@code /ui/}), the monitoring endpoints ({@code GET /metrics}, {@code /health/live},
 * {@code /health/ready}), the operator's {@code /admin} endpoints, and for every other request the
 * Kinesis API.
 */
final class HttpVerticle extends VerticleBase {
    private static final int MAX_CONCURRENT_STREAMS = 1000;

    private final String host;
    private final int port;
    private final Optional<Tls> tls;
    private final KinesisHandler kinesis;
    private final FaultInjector faults;
    private final MonitoringRoutes monitoring;
    private final BrowserRoutes browser;
    private final Optional<Handler<RoutingContext>> adminGuard;
    private final Optional<Handler<RoutingContext>> browserGuard;
    private HttpServer plain;
    private HttpServer secure;

    /** The TLS listener's port and key material. */
    record Tls(int port, KeyCertOptions keyCert) {
    }

    HttpVerticle(String host, int port, Optional<Tls> tls, KinesisHandler kinesis, FaultInjector faults,
                 MonitoringRoutes monitoring, BrowserRoutes browser) {
        this(host, port, tls, kinesis, faults, monitoring, browser, Optional.empty(), Optional.empty());
    }

    /** With guards (authentication and policies) in front of {@code /admin} and the browser routes. */
    HttpVerticle(String host, int port, Optional<Tls> tls, KinesisHandler kinesis, FaultInjector faults,
                 MonitoringRoutes monitoring, BrowserRoutes browser, Optional<Handler<RoutingContext>> adminGuard,
                 Optional<Handler<RoutingContext>> browserGuard) {
        this.adminGuard = adminGuard;
        this.browserGuard = browserGuard;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.kinesis = kinesis;
        this.faults = faults;
        this.monitoring = monitoring;
        this.browser = browser;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        browserGuard.ifPresent(guard -> router.route("/v1/*").handler(guard));
        browser.mount(router);
        monitoring.mount(router);
        AdminRoutes.mount(router, faults, adminGuard);
        router.route().handler(context -> kinesis.handle(context.request()));
        plain = vertx.createHttpServer(baseOptions().setPort(port).setHttp2ClearTextEnabled(true)).requestHandler(router);
        if (tls.isEmpty()) {
            return plain.listen();
        }
        HttpServerOptions secureOptions = baseOptions()
            .setPort(tls.get().port())
            .setSsl(true)
            .setUseAlpn(true)
            .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
            .setKeyCertOptions(tls.get().keyCert());
        secure = vertx.createHttpServer(secureOptions).requestHandler(router);
        return Future.all(plain.listen(), secure.listen());
    }

    private HttpServerOptions baseOptions() {
        return new HttpServerOptions()
            .setHost(host)
            .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS));
    }

    int actualPort() {
        return plain.actualPort();
    }

    Optional<Integer> actualTlsPort() {
        return Optional.ofNullable(secure).map(HttpServer::actualPort);
    }
}
