package io.tributary.http.auth;

import io.tributary.engine.error.KinesisException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * With {@code --auth sigv4}, the gate in front of the routes beside the Kinesis API: a request must
 * be SigV4-signed (service {@code kinesis}, in the header or as a presigned URL, which is how a
 * browser or WebSocket client can sign) by an identity whose policies allow the action the route
 * stands for:
 *
 * <ul>
 *   <li>{@code /admin/*}: {@value Authorizer#ADMIN_ACTION} on {@code *};</li>
 *   <li>{@code GET /v1/streams}: {@code kinesis:ListStreams} on {@code *}; {@code GET /v1/streams/{stream}}:
 *       {@code kinesis:DescribeStreamSummary}, and its live tail {@code kinesis:GetRecords}, on the stream's ARN.</li>
 * </ul>
 *
 * Refusals are answered 403 with an AWS-shaped JSON body ({@code __type} and {@code message}).
 *
 * <p>Concurrency: stateless; shared by every HTTP verticle.
 */
public final class RouteGuard implements Handler<RoutingContext> {
    /** An action on a resource. */
    public record Access(String action, String resource) {
    }

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final Function<RoutingContext, Access> access;

    private RouteGuard(Authenticator authenticator, Authorizer authorizer, Function<RoutingContext, Access> access) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.access = access;
    }

    /** For {@code /admin/*}, after a body handler, so that the payload hash can be checked. */
    public static RouteGuard admin(Authenticator authenticator, Authorizer authorizer) {
        return new RouteGuard(authenticator, authorizer, context -> new Access(Authorizer.ADMIN_ACTION, ResourceArns.ANY));
    }

    /** For the browser-facing {@code /v1/…} routes (bodiless GETs and WebSocket upgrades). */
    public static RouteGuard browser(Authenticator authenticator, Authorizer authorizer, ResourceArns resources) {
        return new RouteGuard(authenticator, authorizer, context -> browserAccess(context.request().path(), resources));
    }

    static Access browserAccess(String path, ResourceArns resources) {
        String[] parts = path.split("/");
        if (parts.length <= 3) {
            return new Access("kinesis:ListStreams", ResourceArns.ANY);
        }
        String stream = resources.streamArn(parts[3]);
        return parts.length > 4 ? new Access("kinesis:GetRecords", stream) : new Access("kinesis:DescribeStreamSummary", stream);
    }

    @Override
    public void handle(RoutingContext context) {
        Buffer body = context.body().buffer() == null ? Buffer.buffer() : context.body().buffer();
        try {
            Identity identity = authenticator.authenticate(context.request(), body).orElseThrow(
                () -> new IllegalStateException("a route guard needs authentication on"));
            Access needed = access.apply(context);
            authorizer.authorize(identity, needed.action(), needed.resource());
        } catch (KinesisException refused) {
            context.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("__type", refused.code().awsType()).put("message", refused.getMessage()).encode());
            return;
        }
        context.next();
    }
}
