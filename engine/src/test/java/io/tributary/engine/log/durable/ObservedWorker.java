package io.tributary.engine.log.durable;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker a {@link DurableShardLog} hands its blocking work to (fsyncs, deletions), wrapped so
 * that a test can count the tasks, hold them back until it says so, and make the next one fail.
 * With this, "one more flush covers every append made while a flush was in flight" is an exact
 * assertion instead of a timing guess.
 *
 * <p>Concurrency: thread-safe; tasks are submitted on the log owner's context and run on the
 * delegate's threads, while the test thread holds and releases them.
 */
final class ObservedWorker implements WorkerExecutor {
    private final WorkerExecutor delegate;
    private static final CountDownLatch OPEN = new CountDownLatch(0);

    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicBoolean failNext = new AtomicBoolean();
    /** What tasks submitted now wait on. */
    private volatile CountDownLatch gate = OPEN;
    /** What the tasks held so far wait on. */
    private volatile CountDownLatch held = OPEN;

    ObservedWorker(WorkerExecutor delegate) {
        this.delegate = delegate;
    }

    /** Tasks submitted so far, whether they ran yet or not. */
    int submitted() {
        return submitted.get();
    }

    /** Tasks that have run to their end, successfully or not. */
    int completed() {
        return completed.get();
    }

    /** Tasks submitted from now on wait until {@link #release()}. */
    void hold() {
        held = new CountDownLatch(1);
        gate = held;
    }

    /** Tasks submitted from now on run at once; those held so far still wait for {@link #release()}. */
    void stopHoldingNewTasks() {
        gate = OPEN;
    }

    /** Lets every held task run, and new ones run at once. */
    void release() {
        gate = OPEN;
        held.countDown();
    }

    /** The next task submitted fails with an {@link IOException} instead of running. */
    void failNext() {
        failNext.set(true);
    }

    @Override
    public <T> Future<T> executeBlocking(Callable<T> task, boolean ordered) {
        submitted.incrementAndGet();
        CountDownLatch heldBy = gate;
        boolean fail = failNext.getAndSet(false);
        return delegate.executeBlocking(() -> {
            try {
                heldBy.await();
                if (fail) {
                    throw new IOException("injected failure of a worker task");
                }
                return task.call();
            } finally {
                completed.incrementAndGet();
            }
        }, ordered);
    }

    @Override
    public Future<Void> close() {
        release();
        return delegate.close();
    }
}
