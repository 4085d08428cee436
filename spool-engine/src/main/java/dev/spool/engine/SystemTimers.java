package dev.spool.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The process's timer thread for {@link Timers#of} on a real clock: one daemon thread with a cancellable delay queue
 * (cancelled tasks leave the queue at once, so a cancelled far-off timer costs nothing). Started on first use.
 */
final class SystemTimers {
    private SystemTimers() {
    }

    static Timers.Cancellable schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> future = Holder.EXECUTOR.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                Thread thread = Thread.currentThread();
                thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
            }
        }, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "spool-timers");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
