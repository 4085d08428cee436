package dev.spool.engine.delay;

import dev.spool.engine.deadline.LongLongMap;

/**
 * The due time of every delayed entry not yet released, by id: the part of a delay owner's state that
 * {@link DelaySchedule.Entries#scan} reads back when the schedule refills. 16 bytes per entry in a
 * {@link LongLongMap}, nothing per entry on the Java heap besides; the messages themselves stay in the message log.
 *
 * <p>Not thread-safe: owned by one delayed exchange or queue, under its lock.
 */
public final class DueTimes implements DelaySchedule.Entries {
    /** What {@link #get} and {@link #remove} return for a missing id. */
    public static final long MISSING = LongLongMap.MISSING;

    private final LongLongMap dueById = new LongLongMap();

    public int size() {
        return dueById.size();
    }

    public boolean isEmpty() {
        return dueById.isEmpty();
    }

    /** The due time of {@code id}, or {@link #MISSING}. */
    public long get(long id) {
        return dueById.get(id);
    }

    public boolean containsKey(long id) {
        return dueById.containsKey(id);
    }

    /** Sets the due time of {@code id}; returns the previous one, or {@link #MISSING}. */
    public long put(long id, long dueAt) {
        return dueById.put(id, dueAt);
    }

    /** Forgets {@code id}; returns its due time, or {@link #MISSING} when it was absent. */
    public long remove(long id) {
        return dueById.remove(id);
    }

    public void clear() {
        dueById.clear();
    }

    /** Visits every entry (in no particular order). */
    @Override
    public void scan(DelaySchedule.EntryVisitor visitor) {
        dueById.forEach((id, dueAt) -> visitor.entry(dueAt, id));
    }
}
