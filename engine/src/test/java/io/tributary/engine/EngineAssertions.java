package io.tributary.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** Assertions on what the engine answers: AWS errors thrown or in futures, and values in futures. */
public final class EngineAssertions {
    private EngineAssertions() {
    }

    /** Asserts that {@code call} throws the error a client would see: this code and exactly this message. */
    public static void assertRejects(ErrorCode code, String message, Executable call) {
        assertKinesisError(code, message, assertThrows(KinesisException.class, call));
    }

    public static void assertKinesisError(ErrorCode code, String message, Throwable actual) {
        KinesisException error = assertInstanceOf(KinesisException.class, actual);
        assertEquals(code, error.code());
        assertEquals(message, error.getMessage());
    }

    /** A handler that completes the test when the future fails with this code and message, and fails it otherwise. */
    public static <T> Handler<AsyncResult<T>> failsWith(VertxTestContext testContext, ErrorCode code, String message) {
        return testContext.failing(error -> testContext.verify(() -> {
            assertKinesisError(code, message, error);
            testContext.completeNow();
        }));
    }

    /** A handler that runs {@code checks} on the future's value, then completes the test. */
    public static <T> Handler<AsyncResult<T>> succeedsWith(VertxTestContext testContext, ThrowingConsumer<T> checks) {
        return testContext.succeeding(value -> testContext.verify(() -> {
            checks.accept(value);
            testContext.completeNow();
        }));
    }
}
