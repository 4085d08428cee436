package dev.spool.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock and its timers that move only when told: tests give it to a broker (in process or through the server's
 * start) so that TTLs, delays and timeouts of minutes run in microseconds, without sleeping. {@link #advance} moves
 * the time and runs every task that became due, in due order (same due time: in scheduling order), on the calling
 * thread, including tasks those tasks schedule for a time that has passed.
 *
 * <p>Thread-safe: the engine schedules from any thread while a test advances.
 */
public final class ManualTime implements Clock, Timers {
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long sequence;

    /** Starts at {@code startMillis} since the epoch. */
    public ManualTime(long startMillis) {
        this.now = startMillis;
    }

    /** Starts at the current wall-clock time, so timestamps look real. */
    public ManualTime() {
        this(System.currentTimeMillis());
    }

    @Override
    public synchronized long millis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(long dueMillis, Runnable task) {
        Task scheduled = new Task(dueMillis, sequence++, task);
        tasks.add(scheduled);
        return () -> {
            synchronized (ManualTime.this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Moves the time forward by {@code millis} and runs what became due. */
    public void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time only moves forward: " + millis);
        }
        long target;
        synchronized (this) {
            target = now + millis;
        }
        runUntil(target);
    }

    /** Runs tasks already due without moving the time (for tasks scheduled "now"). */
    public void runDue() {
        advance(0);
    }

    /** How many tasks wait. */
    public synchronized int pending() {
        return tasks.size();
    }

    private void runUntil(long target) {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = Math.max(now, target);
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.due);
            }
            next.task.run(); // outside the monitor: the task may take a queue's lock and schedule again
        }
    }

    /** The due times of the waiting tasks, earliest first (for assertions). */
    public synchronized List<Long> dueTimes() {
        List<Task> copy = new ArrayList<>(tasks);
        copy.sort(null);
        List<Long> out = new ArrayList<>(copy.size());
        for (Task task : copy) {
            out.add(task.due);
        }
        return out;
    }

    private record Task(long due, long seq, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(seq, other.seq);
        }
    }
}
