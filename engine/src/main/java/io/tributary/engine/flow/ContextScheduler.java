package io.tributary.engine.flow;

import io.vertx.core.Context;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A Reactor {@link Scheduler} that runs tasks on one Vert.x context: immediate tasks with
 * {@code runOnContext}, delayed ones with Vert.x timers set from that context. Reactor pipelines that
 * use it for their time operators ({@code Mono.delay}, {@code take(Duration)}) stay on the context's
 * event loop, with the Vert.x objects they touch.
 *
 * <p>Concurrency: thread-safe; tasks run on the context's thread, one at a time.
 */
public final class ContextScheduler implements Scheduler {
    private final Context context;

    public ContextScheduler(Context context) {
        this.context = context;
    }

    @Override
    public Disposable schedule(Runnable task) {
        Task scheduled = new Task(task, null);
        context.runOnContext(ignored -> scheduled.run());
        return scheduled;
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        long millis = unit.toMillis(delay);
        if (millis <= 0) {
            return schedule(task);
        }
        Task scheduled = new Task(task, null);
        context.runOnContext(ignored -> {
            if (!scheduled.isDisposed()) {
                scheduled.timer.set(context.owner().setTimer(millis, timer -> scheduled.run()));
            }
        });
        return scheduled;
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Worker createWorker() {
        return new ContextWorker();
    }

    /** A task that can be cancelled before it runs; cancelling also cancels its Vert.x timer. */
    private final class Task implements Disposable {
        private final Runnable action;
        private final Set<Task> group;
        private final AtomicLong timer = new AtomicLong(-1);
        private volatile boolean disposed;

        Task(Runnable action, Set<Task> group) {
            this.action = action;
            this.group = group;
        }

        void run() {
            if (group != null) {
                group.remove(this);
            }
            if (!disposed) {
                action.run();
            }
        }

        @Override
        public void dispose() {
            disposed = true;
            long id = timer.get();
            if (id >= 0) {
                context.owner().cancelTimer(id);
            }
            if (group != null) {
                group.remove(this);
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }

    /** Tasks of one pipeline; disposing the worker cancels all that have not run. */
    private final class ContextWorker implements Worker {
        private final Set<Task> pending = ConcurrentHashMap.newKeySet();
        private volatile boolean disposed;

        @Override
        public Disposable schedule(Runnable task) {
            return schedule(task, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            Task scheduled = new Task(task, pending);
            if (disposed) {
                scheduled.dispose();
                return scheduled;
            }
            pending.add(scheduled);
            long millis = unit.toMillis(delay);
            context.runOnContext(ignored -> {
                if (millis <= 0) {
                    scheduled.run();
                } else if (!scheduled.isDisposed()) {
                    scheduled.timer.set(context.owner().setTimer(millis, timer -> scheduled.run()));
                }
            });
            return scheduled;
        }

        @Override
        public void dispose() {
            disposed = true;
            pending.forEach(Task::dispose);
            pending.clear();
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }
}
