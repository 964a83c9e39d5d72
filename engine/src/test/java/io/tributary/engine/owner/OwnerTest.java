package io.tributary.engine.owner;

import static io.tributary.engine.EngineAssertions.succeedsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OwnerTest {
    private final Owner owner = new Owner("shards-0");

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext testContext) {
        vertx.deployVerticle(owner).onComplete(testContext.succeedingThenComplete());
    }

    @Test
    void shouldRunWorkOnTheOwnersThreadAndCompleteOnTheCallersContext(Vertx vertx, VertxTestContext testContext) {
        Context caller = vertx.getOrCreateContext();
        Checkpoint ranOnOwner = testContext.checkpoint();
        Checkpoint completedOnCaller = testContext.checkpoint();

        caller.runOnContext(start -> owner.call(() -> answerOnOwnerThread(testContext, ranOnOwner))
            .onComplete(testContext.succeeding(value -> testContext.verify(() -> {
                assertSame(caller, Vertx.currentContext());
                assertFalse(owner.isOwnerThread(), "the answer hopped back off the owner's thread");
                assertEquals("done", value);
                completedOnCaller.flag();
            }))));
    }

    @Test
    void shouldRunWorkInlineWhenAlreadyOnTheOwnersThread(VertxTestContext testContext) {
        AtomicBoolean innerRan = new AtomicBoolean();

        owner.call(() -> {
            Future<String> inner = owner.call(() -> {
                innerRan.set(true);
                return Future.succeededFuture("inner");
            });
            testContext.verify(() -> assertTrue(innerRan.get(), "inner work ran before call returned"));
            return inner;
        }).onComplete(succeedsWith(testContext, value -> assertEquals("inner", value)));
    }

    @Test
    void shouldFailTheFutureWithWhatTheWorkThrows(VertxTestContext testContext) {
        IllegalArgumentException thrown = new IllegalArgumentException("bad input");

        owner.<String>call(() -> {
            throw thrown;
        }).onComplete(testContext.failing(error -> testContext.verify(() -> {
            assertSame(thrown, error);
            testContext.completeNow();
        })));
    }

    @Test
    void shouldPassOnAFailedFutureFromTheWork(VertxTestContext testContext) {
        IllegalStateException failure = new IllegalStateException("log closed");

        owner.<String>call(() -> Future.failedFuture(failure))
            .onComplete(testContext.failing(error -> testContext.verify(() -> {
                assertSame(failure, error);
                testContext.completeNow();
            })));
    }

    @Test
    void shouldRefuseOwnedStateOffTheOwnersThread() {
        IllegalStateException error = assertThrows(IllegalStateException.class, owner::checkThread);

        assertTrue(error.getMessage().startsWith("owner shards-0 state touched from "), error.getMessage());
    }

    @Test
    void shouldAllowOwnedStateOnTheOwnersThread(VertxTestContext testContext) {
        owner.call(() -> {
            owner.checkThread();
            return Future.succeededFuture();
        }).onComplete(testContext.succeedingThenComplete());
    }

    @Test
    void shouldRunScheduledActionsOnTheOwnersThread(VertxTestContext testContext) {
        Promise<Boolean> ranOnOwner = Promise.promise();

        owner.call(() -> {
            owner.schedule(1, () -> ranOnOwner.complete(owner.isOwnerThread()));
            return Future.succeededFuture();
        }).compose(scheduled -> ranOnOwner.future())
            .onComplete(succeedsWith(testContext, Assertions::assertTrue));
    }

    @Test
    void shouldRunAnActionScheduledFromAnotherThreadOnTheOwnersThread(VertxTestContext testContext) {
        Promise<Boolean> ranOnOwner = Promise.promise();

        assertFalse(owner.isOwnerThread());
        owner.schedule(1, () -> ranOnOwner.complete(owner.isOwnerThread()));

        ranOnOwner.future().onComplete(succeedsWith(testContext, Assertions::assertTrue));
    }

    @Test
    void shouldCompleteACallMadeOnTheOwnersThreadThereWhenItsWorkCompletesOnAnotherThread(VertxTestContext testContext) {
        Promise<Boolean> continuedOnOwner = Promise.promise();

        java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);
        owner.call(() -> {
            Future<String> answer = owner.call(() -> {
                // work whose future another thread completes, as a replicated append's is by a Raft thread,
                // once the caller listens
                Promise<String> elsewhere = Promise.promise();
                new Thread(() -> {
                    try {
                        listening.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    elsewhere.complete("done");
                }, "not-an-owner").start();
                return elsewhere.future();
            });
            Future<String> continued = answer.map(done -> {
                continuedOnOwner.complete(owner.isOwnerThread());
                return done;
            });
            listening.countDown();
            return continued;
        });

        continuedOnOwner.future().onComplete(succeedsWith(testContext, Assertions::assertTrue));
    }

    private Future<String> answerOnOwnerThread(VertxTestContext testContext, Checkpoint ranOnOwner) {
        testContext.verify(() -> assertTrue(owner.isOwnerThread()));
        ranOnOwner.flag();
        return Future.succeededFuture("done");
    }
}
