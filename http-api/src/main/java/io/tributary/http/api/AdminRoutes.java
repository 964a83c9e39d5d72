package io.tributary.http.api;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;

/**
 * The operator's endpoints under {@code /admin}, beside the Kinesis API on the same port:
 *
 * <ul>
 *   <li>{@code GET /admin/faults}: the fault rules in force;</li>
 *   <li>{@code PUT /admin/faults} with a rule as JSON (see {@link FaultInjector}): sets the stream's rule;</li>
 *   <li>{@code DELETE /admin/faults/{stream}}: clears one stream's rule; {@code DELETE /admin/faults}: all.</li>
 * </ul>
 *
 * With {@code --auth sigv4} every one of them first passes the guard given (see
 * {@link io.tributary.http.auth.RouteGuard#admin}).
 */
public final class AdminRoutes {
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private AdminRoutes() {
    }

    public static void mount(Router router, FaultInjector faults) {
        mount(router, faults, Optional.empty());
    }

    /** The endpoints behind {@code guard} (authentication and the admin policy) when there is one. */
    public static void mount(Router router, FaultInjector faults, Optional<Handler<RoutingContext>> guard) {
        guard.ifPresent(check -> router.route("/admin*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)).handler(check));
        router.get("/admin/faults").handler(context -> {
            JsonArray rules = new JsonArray();
            faults.rules().forEach(rule -> rules.add(rule.toJson()));
            json(context, 200, new JsonObject().put("rules", rules));
        });
        router.put("/admin/faults").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)).handler(context -> {
            try {
                FaultInjector.Rule rule = FaultInjector.Rule.fromJson(context.body().asJsonObject());
                faults.set(rule);
                json(context, 200, new JsonObject().put("rule", rule.toJson()));
            } catch (DecodeException | IllegalArgumentException | ClassCastException | NullPointerException bad) {
                json(context, 400, new JsonObject().put("message", "Not a fault rule: " + bad.getMessage()));
            }
        });
        router.delete("/admin/faults/:stream").handler(context ->
            context.response().setStatusCode(faults.clear(context.pathParam("stream")) ? 204 : 404).end());
        router.delete("/admin/faults").handler(context -> {
            faults.clearAll();
            context.response().setStatusCode(204).end();
        });
    }

    private static void json(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
