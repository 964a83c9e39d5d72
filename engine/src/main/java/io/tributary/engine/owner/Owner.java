package io.tributary.engine.owner;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * A verticle that owns state: a set of shards (one owner per event loop), or the stream metadata
 * (one owner). Every change to and read of owned state runs on the owner's event-loop context, so
 * the hot path takes no locks.
 *
 * <p>Concurrency: {@link #call} is the one door into an owner from any thread. It runs the work on
 * the owner's thread (inline when the caller is already on it) and completes the returned future
 * back on the caller's context. State reached only through {@code call} needs no synchronisation.
 */
public final class Owner extends VerticleBase {
    private final String name;
    private volatile Context ownerContext;
    private volatile Thread ownerThread;

    public Owner(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public Future<?> start() {
        ownerContext = context;
        ownerThread = Thread.currentThread();
        return Future.succeededFuture();
    }

    /** Whether the current thread is this owner's; owned state may be touched only when it is. */
    public boolean isOwnerThread() {
        return Thread.currentThread() == ownerThread;
    }

    /** Throws unless called on this owner's thread: the guard for state that belongs to the owner. */
    public void checkThread() {
        if (!isOwnerThread()) {
            throw new IllegalStateException("owner " + name + " state touched from " + Thread.currentThread().getName());
        }
    }

    /**
     * Runs {@code work} on this owner and completes with its result on the caller's context. A
     * failure thrown by {@code work} fails the returned future.
     */
    public <T> Future<T> call(Supplier<Future<T>> work) {
        if (isOwnerThread()) {
            Future<T> result = runSafely(work);
            // work may finish elsewhere (a replicated append completes on a Raft thread in cluster
            // mode); the caller, on this thread, goes on here all the same
            return result.isComplete() ? result : backHere(result);
        }
        Context caller = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        ownerContext.runOnContext(ignored -> runSafely(work).onComplete(result -> deliver(caller, promise, result)));
        return promise.future();
    }

    /**
     * Runs {@code action} on this owner (inline when already on its thread) when nothing needs to
     * come back: unlike {@link #call}, no completion is handed back to the caller's context.
     */
    public void run(Runnable action) {
        if (isOwnerThread()) {
            action.run();
        } else {
            ownerContext.runOnContext(ignored -> action.run());
        }
    }

    /**
     * Runs {@code action} on this owner after a delay. Callable from any thread: a change's step may
     * go on where a replicated call completed (a Raft thread in cluster mode); the timer is set, and
     * fires, on the owner.
     */
    public void schedule(long delayMillis, Runnable action) {
        run(() -> vertx.setTimer(delayMillis, timer -> action.run()));
    }

    /** {@code result}, completed on this owner's thread whichever thread completes it. */
    private <T> Future<T> backHere(Future<T> result) {
        Promise<T> here = Promise.promise();
        result.onComplete(done -> {
            if (isOwnerThread()) {
                here.handle(done);
            } else {
                deliver(ownerContext, here, done);
            }
        });
        return here.future();
    }

    private static <T> Future<T> runSafely(Supplier<Future<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static <T> void deliver(Context caller, Promise<T> promise, AsyncResult<T> result) {
        if (caller == null) {
            promise.handle(result);
        } else {
            caller.runOnContext(ignored -> promise.handle(result));
        }
    }
}
