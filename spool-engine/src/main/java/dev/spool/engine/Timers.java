package dev.spool.engine;

/**
 * Runs a task at a wall-clock time of the engine's {@link Clock}: what message expiry, queue expiry, delayed
 * messages, retries and consumer timeouts arm. Obtain one with {@link #of(Clock)}, so that a test clock
 * ({@link ManualTime}) also fires the timers when it is moved, and the system clock uses one shared daemon thread.
 *
 * <p>Tasks run on the timer's thread (or the thread that moves a {@link ManualTime}); they must be short and may take
 * a queue's lock. A task that throws is logged by nobody and does not stop later tasks: catch what you expect.
 */
public interface Timers {
    /**
     * Runs {@code task} once at {@code dueMillis} on this timer's clock, or as soon as possible when that has passed.
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(long dueMillis, Runnable task);

    /** A scheduled task that may be cancelled. Cancelling twice, or after it ran, does nothing. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }

    /** The timers for {@code clock}: the clock itself when it is a {@link ManualTime}, else the shared timer thread. */
    static Timers of(Clock clock) {
        if (clock instanceof Timers timers) {
            return timers;
        }
        return (dueMillis, task) -> SystemTimers.schedule(dueMillis - clock.millis(), task);
    }
}
