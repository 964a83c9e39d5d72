package io.tributary.websocket;

import io.tributary.engine.Engine;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser-facing part of the server, mounted on its router ahead of the Kinesis API:
 * <ul>
 *   <li>{@code GET /v1/streams} and {@code GET /v1/streams/{name}}: the streams, as JSON ({@link StreamListing});</li>
 *   <li>{@code GET /v1/streams/{name}/metrics}: the stream's meters as JSON, for the console's charts
 *       ({@link StreamMetricsEndpoint});</li>
 *   <li>{@code GET /v1/streams/{name}/tail}: a live tail over a WebSocket ({@link TailEndpoint});</li>
 *   <li>{@code /ui/}: the page that lists streams and shows live tails, and {@code /ui/console.html}, the
 *       operator's console, which calls the Kinesis API itself (static files under
 *       {@code webroot/ui} in this module's resources); {@code /ui} redirects there.</li>
 * </ul>
 * Any other path under {@code /v1/} or {@code /ui/} is 404. The Kinesis API is served at {@code /} with a POST, so
 * the two never meet.
 *
 * <p>Concurrency: thread-safe; one instance serves every HTTP verticle, each mounting it on its own
 * router.
 */
public final class BrowserRoutes {
    public static final String UI_PATH = "/ui/";
    private static final String WEBROOT = "webroot/ui";

    private final StreamListing listing;
    private final TailEndpoint tails;
    private final StreamMetricsEndpoint metrics;

    public BrowserRoutes(Engine engine, TailSettings settings) {
        this.listing = new StreamListing(engine);
        this.tails = new TailEndpoint(engine, settings);
        this.metrics = new StreamMetricsEndpoint(engine);
    }

    public void mount(Router router) {
        router.get(TailEndpoint.PATH).handler(tails::handle);
        router.get(StreamMetricsEndpoint.PATH).handler(metrics::handle);
        router.get(StreamListing.LIST_PATH).handler(listing::list);
        router.get(StreamListing.STREAM_PATH).handler(listing::describe);
        router.route("/v1/*").handler(context -> Json.error(context, 404,
            "No " + context.request().method() + " " + context.request().path() + " here; see " + UI_PATH));
        router.getWithRegex("/ui").handler(context -> context.response()
            .setStatusCode(302).putHeader(HttpHeaders.LOCATION, UI_PATH).end());
        router.route("/ui/*").handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
        router.route("/ui/*").handler(context -> context.response().setStatusCode(404).end());
    }
}
