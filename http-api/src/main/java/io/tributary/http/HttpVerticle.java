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
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * One set of HTTP servers on one event loop; instances share the listening sockets. The plain port
 * serves HTTP/1.1 and cleartext HTTP/2 (prior knowledge), as the AWS SDK's async client expects; the
 * optional TLS port ({@link TlsFront}) terminates TLS and hands the bytes to the plain listener, so it
 * serves h2 with or without ALPN and http/1.1, for clients that insist on https (the Kinesis
 * Producer Library, the SDK's async client on an https endpoint). Both serve the browser-facing routes ({@code /v1/…} and the page at
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
    private TlsFront secure;

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
        return plain.listen()
            .compose(listening -> TlsFront.listen(vertx, host, tls.get().port(), tls.get().keyCert(), plain.actualPort()))
            .onSuccess(front -> secure = front);
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
        return Optional.ofNullable(secure).map(TlsFront::actualPort);
    }
}
