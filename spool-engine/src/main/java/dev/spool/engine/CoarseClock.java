package dev.spool.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The system clock read once every {@value #TICK_MILLIS} ms by one daemon thread and published in a volatile field,
 * so that code on the message path (statistics timing every delivery) pays a volatile read instead of a clock call,
 * which costs tens of nanoseconds on a good day and more on virtual machines. Readers see the time up to
 * {@value #TICK_MILLIS} ms late (more if the ticker is starved of CPU), which ages and utilisation over seconds
 * tolerate. One instance per process, started on first use (Agrona's cached clock, in spirit).
 *
 * <p>Thread-safe; any thread.
 */
public final class CoarseClock implements Clock {
    /** How often the time is refreshed. */
    public static final long TICK_MILLIS = 10;

    private volatile long now = System.currentTimeMillis();

    private CoarseClock() {
    }

    /** The process's coarse clock, its ticker started on first use. */
    public static CoarseClock shared() {
        return Holder.INSTANCE;
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Clock coarse() {
        return this;
    }

    private void tickForever() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            now = System.currentTimeMillis();
        }
    }

    private static final class Holder {
        static final CoarseClock INSTANCE = start();

        private static CoarseClock start() {
            CoarseClock clock = new CoarseClock();
            Thread ticker = new Thread(clock::tickForever, "spool-coarse-clock");
            ticker.setDaemon(true);
            ticker.start();
            return clock;
        }
    }
}
