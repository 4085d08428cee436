package dev.spool.engine;

/** {@link Clock} backed by {@link System#currentTimeMillis()}. Stateless; any thread. */
public final class SystemClock implements Clock {
    /** The one instance. */
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    /** The process's {@link CoarseClock}: a volatile read instead of a clock call. */
    @Override
    public Clock coarse() {
        return CoarseClock.shared();
    }
}
