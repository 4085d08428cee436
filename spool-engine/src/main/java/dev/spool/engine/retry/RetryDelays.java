package dev.spool.engine.retry;

import java.util.Arrays;
import java.util.List;

/**
 * The back-off schedule of a queue with {@code x-retry-delays} (e.g. {@code [1000, 5000, 30000]}): a message
 * rejected or nacked without requeue goes back into the queue after the next delay instead of being dead-lettered,
 * until the list runs out (or the delivery limit is exceeded, whichever comes first); then it is dead-lettered with
 * reason {@code rejected}. Each delay gets a uniform jitter of ±{@value #JITTER_PERCENT}% so that a burst of failures
 * does not come back as a burst. Immutable; any thread.
 *
 * <p><b>How the queue calls it</b>: on reject/nack without requeue it increments the entry's persisted retry count
 * {@code n} (starting at 0 for the first retry) and asks {@link #delayFor}{@code (n, random)}; a result of
 * {@link #EXHAUSTED} means dead-letter. Otherwise it schedules the entry in its delay schedule at
 * {@code now + delay}, persisting the due time with the entry, so a restart resumes the schedule instead of resetting
 * it. The message is redelivered with {@code redelivered} set and its {@code x-delivery-count} incremented.
 */
public final class RetryDelays {
    /** What {@link #delayFor} returns when the schedule has run out. */
    public static final long EXHAUSTED = -1;
    /** The jitter around each delay, in percent either way. */
    public static final int JITTER_PERCENT = 10;
    /** No retries: rejects dead-letter at once, as in RabbitMQ. */
    public static final RetryDelays NONE = new RetryDelays(new long[0]);

    private final long[] delays;

    private RetryDelays(long[] delays) {
        this.delays = delays;
    }

    /** The schedule of {@code delays} (milliseconds, each at least 0). */
    public static RetryDelays of(long... delays) {
        for (long delay : delays) {
            if (delay < 0) {
                throw new IllegalArgumentException("negative retry delay " + delay);
            }
        }
        return delays.length == 0 ? NONE : new RetryDelays(delays.clone());
    }

    /** The schedule from an already validated argument or policy value: a list of non-negative integers. */
    public static RetryDelays fromList(List<?> values) {
        long[] delays = new long[values.size()];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = ((Number) values.get(i)).longValue();
        }
        return of(delays);
    }

    public boolean isEmpty() {
        return delays.length == 0;
    }

    /** How many retries the schedule allows. */
    public int retries() {
        return delays.length;
    }

    /** The configured delay before retry {@code attempt} (0-based), without jitter. */
    public long baseDelay(int attempt) {
        return delays[attempt];
    }

    /**
     * The delay before retry {@code attempt} (0-based), jittered.
     *
     * @param unit a uniformly distributed number in [0, 1), e.g. {@code ThreadLocalRandom.current().nextDouble()}
     * @return milliseconds to wait, or {@link #EXHAUSTED} when {@code attempt} is past the end of the schedule
     */
    public long delayFor(int attempt, double unit) {
        if (attempt < 0 || attempt >= delays.length) {
            return EXHAUSTED;
        }
        long base = delays[attempt];
        double factor = 1.0 + (unit * 2.0 - 1.0) * JITTER_PERCENT / 100.0;
        return Math.max(0L, Math.round(base * factor));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryDelays other && Arrays.equals(delays, other.delays);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(delays);
    }

    @Override
    public String toString() {
        return Arrays.toString(delays);
    }
}
