package dev.spool.engine.queue;

import dev.spool.engine.delay.DelaySchedule;
import dev.spool.engine.message.Message;

import java.util.HashMap;
import java.util.Map;

/**
 * A classic queue's entries that are in the queue but not yet ready: messages of a queue with {@code x-delay} waiting
 * out their delay, and rejected messages waiting for their retry ({@code x-retry-delays}). Each keeps its store
 * reference (as {@link QueueIndex} defines them), its delivery count and, only when memory is its one copy, its
 * message; a {@link DelaySchedule} orders them by (due time, arrival). When one is due the queue appends it to its
 * ready entries.
 *
 * <p>Waiting entries cost one small object each and no body on the heap when the message is in the log; this is not
 * on the path of a queue without delays or retries, which never creates one.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class WaitingEntries {
    /** How many schedule entries stay in memory at least. */
    private static final int MEMORY_LIMIT = 10_000;

    /**
     * One waiting entry. {@code message} is null unless memory is its only copy; its body size and per-message TTL
     * ({@link Message#NO_TTL} when none) are kept for the length limits and for its TTL, which starts when it is ready.
     */
    record Waiting(long ref, Message message, int deliveries, long dueAt, int bodySize, long messageTtl) {
    }

    private final Map<Long, Waiting> byId = new HashMap<>();
    private final DelaySchedule schedule = new DelaySchedule(MEMORY_LIMIT, visitor -> {
        for (Map.Entry<Long, Waiting> entry : byId.entrySet()) {
            visitor.entry(entry.getValue().dueAt(), entry.getKey());
        }
    });
    private long nextId = 1;
    private long bodyBytes;

    /** Makes an entry wait until {@code dueAt}. */
    void add(long dueAt, long ref, Message message, int deliveries, int bodySize, long messageTtl) {
        long id = nextId++;
        byId.put(id, new Waiting(ref, message, deliveries, dueAt, bodySize, messageTtl));
        bodyBytes += bodySize;
        schedule.schedule(dueAt, id);
    }

    /** The earliest entry due at {@code now}, removed; or null. */
    Waiting pollDue(long now) {
        long id = schedule.pollDue(now);
        if (id == DelaySchedule.NONE) {
            return null;
        }
        Waiting due = byId.remove(id);
        if (due != null) {
            bodyBytes -= due.bodySize();
        }
        return due;
    }

    /** When the earliest entry is due, or {@link DelaySchedule#NEVER}. */
    long nextDue() {
        return schedule.nextDue();
    }

    int size() {
        return byId.size();
    }

    /** The waiting entries' body sizes summed (they count towards {@code x-max-length-bytes}). */
    long bodyBytes() {
        return bodyBytes;
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** Removes every entry, handing each to {@code dropped} (purge, deletion). */
    void clear(java.util.function.Consumer<Waiting> dropped) {
        for (Waiting waiting : byId.values()) {
            dropped.accept(waiting);
        }
        byId.clear();
        schedule.clear();
        bodyBytes = 0;
    }
}
