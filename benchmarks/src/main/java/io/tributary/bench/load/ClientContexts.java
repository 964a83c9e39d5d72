package io.tributary.bench.load;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One event-loop context per client thread, for the lanes to run on. (From a thread that is not
 * Vert.x's, {@code vertx.getOrCreateContext()} returns the same context every time; deploying one
 * verticle instance per event loop is the public way to get one context on each.)
 */
public final class ClientContexts {
    private ClientContexts() {
    }

    public static Future<List<Context>> open(Vertx vertx, int threads) {
        List<Context> contexts = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> new VerticleBase() {
                @Override
                public Future<?> start() {
                    contexts.add(context);
                    return Future.succeededFuture();
                }
            }, new DeploymentOptions().setInstances(threads))
            .map(deployed -> List.copyOf(contexts));
    }
}
