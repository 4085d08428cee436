package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * The ready entries of a priority queue ({@code x-max-priority}): one lane per priority level in use, each a
 * {@link ReadyEntries} FIFO and a {@link RequeuedEntries} heap exactly like a plain queue's, so a backlog still costs
 * 8 bytes per message and bodies stay on disk under the memory budget. The next entry to go out is the head of the
 * highest non-empty lane (strict priority, as RabbitMQ's priority queue); within a lane, queue order, requeued entries
 * back at their original place.
 *
 * <p><b>Entry ids</b> carry their lane: {@code (sequence << 8) | priority}, the sequence counting per lane from 1. So
 * a lane's ids are contiguous with a step of 256 ({@link ReadyEntries} is built with that step and still stores no
 * ids), a settlement or requeue finds its lane from the id alone, and ids stay unique and positive.
 *
 * <p><b>Memory.</b> Lanes are created when a priority is first used: a queue declared with {@code x-max-priority: 255}
 * allocates one array of 256 references up front, nothing per level until a message of that level arrives. A lane
 * once used keeps up to two 8 KiB chunks of references for reuse, like a plain queue's FIFO.
 *
 * <p>{@link QueueIndex} owns it and does the store and memory work; this class only keeps the lanes, their count and
 * the highest one that may hold entries. Not thread-safe: the owning queue calls it under its lock.
 */
final class PriorityLanes {
    /** Bits of an entry id that name its priority. */
    static final int PRIORITY_BITS = 8;
    private static final int PRIORITY_MASK = (1 << PRIORITY_BITS) - 1;
    /** The highest priority a queue may honour (RabbitMQ's limit). */
    static final int MAX_PRIORITY = 255;

    /** One priority level's ready entries. */
    static final class Lane {
        final int priority;
        final ReadyEntries ready = new ReadyEntries(PRIORITY_BITS);
        final RequeuedEntries requeued = new RequeuedEntries();
        long nextSequence = 1;

        Lane(int priority) {
            this.priority = priority;
        }

        boolean isEmpty() {
            return ready.isEmpty() && requeued.isEmpty();
        }

        int size() {
            return ready.size() + requeued.size();
        }

        long nextId() {
            return nextSequence++ << PRIORITY_BITS | priority;
        }
    }

    private final int maxPriority;
    private final Lane[] lanes;
    /** No lane above this one holds an entry; it may be empty itself ({@link #top()} walks down). -1: none. */
    private int top = -1;
    private int size;

    /** @param maxPriority the queue's {@code x-max-priority}, 1 to {@value #MAX_PRIORITY} */
    PriorityLanes(int maxPriority) {
        if (maxPriority < 1 || maxPriority > MAX_PRIORITY) {
            throw new IllegalArgumentException("max priority out of range: " + maxPriority);
        }
        this.maxPriority = maxPriority;
        this.lanes = new Lane[maxPriority + 1];
    }

    /** The lane a message of {@code priority} waits in: priorities above the maximum count as the maximum. */
    int clamp(int priority) {
        return priority <= 0 ? 0 : Math.min(priority, maxPriority);
    }

    /** Ready entries in every lane. */
    int size() {
        return size;
    }

    /** Appends an entry to the lane of {@code priority} (already clamped or not); returns its entry id. */
    long add(int priority, long ref, Message message, int deliveries) {
        Lane lane = lane(clamp(priority));
        long id = lane.nextId();
        lane.ready.add(id, ref, message, deliveries);
        added(lane);
        return id;
    }

    /** Puts a delivered entry back into its lane, at its original place. */
    void requeue(long entryId, long ref, int deliveries, Message message) {
        Lane lane = lane(priorityOf(entryId));
        lane.requeued.add(entryId, ref, deliveries, message);
        added(lane);
    }

    /** The lane holding entry {@code entryId}, or null when that lane was never used. */
    Lane laneOf(long entryId) {
        int priority = priorityOf(entryId);
        return priority <= maxPriority ? lanes[priority] : null;
    }

    /** The highest lane holding an entry, or null when none does. */
    Lane top() {
        while (top >= 0 && (lanes[top] == null || lanes[top].isEmpty())) {
            top--;
        }
        return top >= 0 ? lanes[top] : null;
    }

    /** An entry left a lane (taken, dropped or removed); the caller removed it from the lane itself. */
    void removed() {
        size--;
    }

    /** The lane of {@code priority}, or null when it was never used. */
    Lane laneAt(int priority) {
        return lanes[priority];
    }

    int maxPriority() {
        return maxPriority;
    }

    /**
     * Forgets every entry (the caller settled them first). Lanes stay, with their sequences: entries delivered
     * before and still unacknowledged keep ids no new entry may take.
     */
    void clear() {
        for (Lane lane : lanes) {
            if (lane != null) {
                lane.ready.clear();
                lane.requeued.clear();
            }
        }
        top = -1;
        size = 0;
    }

    static int priorityOf(long entryId) {
        return (int) (entryId & PRIORITY_MASK);
    }

    private Lane lane(int priority) {
        Lane lane = lanes[priority];
        if (lane == null) {
            lane = new Lane(priority);
            lanes[priority] = lane;
        }
        return lane;
    }

    private void added(Lane lane) {
        size++;
        if (lane.priority > top) {
            top = lane.priority;
        }
    }
}
