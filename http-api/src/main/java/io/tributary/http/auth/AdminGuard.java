package io.tributary.http.auth;

import io.tributary.engine.error.KinesisException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * With {@code --auth sigv4}, the gate in front of {@code /admin}: the request must be SigV4-signed
 * (service {@code kinesis}, as for the API) by an identity whose policies allow the action
 * {@value Authorizer#ADMIN_ACTION} on resource {@code *}. Refusals are answered 403 with an
 * AWS-shaped JSON body ({@code __type} and {@code message}). Runs after a body handler, so that
 * the payload hash can be checked.
 *
 * <p>Concurrency: stateless; shared by every HTTP verticle.
 */
public final class AdminGuard implements Handler<RoutingContext> {
    private final Authenticator authenticator;
    private final Authorizer authorizer;

    public AdminGuard(Authenticator authenticator, Authorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    @Override
    public void handle(RoutingContext context) {
        Buffer body = context.body().buffer() == null ? Buffer.buffer() : context.body().buffer();
        try {
            Optional<Identity> identity = authenticator.authenticate(context.request(), body);
            identity.ifPresent(authorizer::authorizeAdmin);
        } catch (KinesisException refused) {
            context.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("__type", refused.code().awsType()).put("message", refused.getMessage()).encode());
            return;
        }
        context.next();
    }
}
