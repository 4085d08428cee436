package dev.spool.management.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} samples of a fixed set of counters, all taken at the same instants: a ring of times and
 * one ring of values per series. Rates are the difference of the last two samples over the time between them.
 *
 * <p>Thread-safe: the sampler thread adds, request threads read; every method holds this object's monitor, briefly.
 */
public final class SampleRing {
    private final long[] times;
    private final long[][] values;
    private int head;
    private int size;

    public SampleRing(int series, int capacity) {
        this.times = new long[capacity];
        this.values = new long[series][capacity];
    }

    /** Appends one sample of every series, taken at {@code timeMillis}. */
    public synchronized void add(long timeMillis, long[] sample) {
        int slot = (head + size) % times.length;
        if (size == times.length) {
            head = (head + 1) % times.length;
        } else {
            size++;
        }
        times[slot] = timeMillis;
        for (int s = 0; s < values.length; s++) {
            values[s][slot] = sample[s];
        }
    }

    /** The latest value of a series, or 0 before the first sample. */
    public synchronized long latest(int series) {
        return size == 0 ? 0 : values[series][(head + size - 1) % times.length];
    }

    /** Per second, between the last two samples; 0 with fewer than two. Negative differences (resets) count 0. */
    public synchronized double rate(int series) {
        if (size < 2) {
            return 0.0;
        }
        int last = (head + size - 1) % times.length;
        int previous = (head + size - 2) % times.length;
        long dt = times[last] - times[previous];
        long dv = values[series][last] - values[series][previous];
        return dt <= 0 || dv <= 0 ? 0.0 : dv * 1000.0 / dt;
    }

    /** The change of a series between the last two samples, and the milliseconds between them; null with fewer. */
    public synchronized long[] lastDelta(int series) {
        if (size < 2) {
            return null;
        }
        int last = (head + size - 1) % times.length;
        int previous = (head + size - 2) % times.length;
        return new long[] {values[series][last] - values[series][previous], times[last] - times[previous]};
    }

    /** The samples of a series taken at or after {@code sinceMillis}, oldest first, as (time, value) pairs. */
    public synchronized List<long[]> since(int series, long sinceMillis) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % times.length;
            if (times[slot] >= sinceMillis) {
                out.add(new long[] {times[slot], values[series][slot]});
            }
        }
        return out;
    }

    public synchronized int size() {
        return size;
    }
}
