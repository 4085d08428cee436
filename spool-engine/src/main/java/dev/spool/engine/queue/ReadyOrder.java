package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a queue's ready entries wait and which one goes next: the half of {@link QueueIndex} that knows about
 * lanes, leaving it the store and memory half. A plain queue has one lane, a {@link ReadyEntries} FIFO and a
 * {@link RequeuedEntries} heap; a priority queue one such pair per priority level in use ({@link PriorityLanes}); a
 * queue with message groups one heap per group ({@link GroupLanes}). {@link #ready} and {@link #requeued} point at
 * the lane being worked on, so the head code of {@link QueueIndex} serves all three and a plain queue pays one
 * final-field test for the others.
 *
 * <p>A base class rather than a field of {@link QueueIndex} so that the hot path reads {@link #ready} and
 * {@link #requeued} without one more indirection. Not thread-safe: the owning queue calls it under its lock.
 */
abstract class ReadyOrder {
    /** The ready FIFO and requeued heap: a plain queue's only pair, or the current lane's. */
    ReadyEntries ready = new ReadyEntries();
    RequeuedEntries requeued = new RequeuedEntries();
    /** A priority queue's lanes; null for a plain or grouped queue. */
    final PriorityLanes lanes;
    /** A grouped queue's lanes ({@code x-group-header}); null otherwise. */
    final GroupLanes groups;
    /** Neither priority lanes nor groups: {@link #ready} and {@link #requeued} are the only ones. */
    final boolean plain;
    /** A grouped queue's {@code x-max-priority}, which orders its entry ids (0: none). */
    private final int groupMaxPriority;
    /** A grouped queue's {@link #ready}: always empty, its entries are all in lanes. */
    private final ReadyEntries noReady = new ReadyEntries();
    /** A grouped queue: the lane {@link #requeued} points at. */
    GroupLanes.Lane current;
    long nextEntryId = 1;
    /** What {@link #removeFromLanes} removed. */
    long removedRef;
    Message removedMessage;

    /**
     * @param maxPriority the queue's {@code x-max-priority}; 0 (or out of range) for no priorities, values above
     *                    {@value PriorityLanes#MAX_PRIORITY} count as that
     * @param groupHeader the queue's {@code x-group-header}, or null
     */
    ReadyOrder(int maxPriority, String groupHeader) {
        int max = Math.max(0, Math.min(maxPriority, PriorityLanes.MAX_PRIORITY));
        this.groups = groupHeader == null ? null : new GroupLanes(groupHeader);
        this.lanes = max > 0 && groups == null ? new PriorityLanes(max) : null;
        this.groupMaxPriority = groups == null ? 0 : max;
        this.plain = lanes == null && groups == null;
    }

    /** Drops one entry's message and reference (purge). */
    abstract void drop(long ref, Message message);

    /** Adds one entry to a browse, reading its message back if needed. */
    abstract void addPeeked(List<QueuedMessage> out, long id, long ref, Message inMemory, int deliveries);

    /** Whether messages are ordered by priority (with or without groups). */
    boolean prioritized() {
        return lanes != null || groupMaxPriority > 0;
    }

    boolean grouped() {
        return groups != null;
    }

    /** A grouped queue's group header, else null. */
    String groupHeader() {
        return groups == null ? null : groups.header();
    }

    /** Ready entries (never delivered, or requeued). */
    int readyCount() {
        return plain ? ready.size() + requeued.size() : lanes != null ? lanes.size() : groups.size();
    }

    boolean hasReady() {
        return plain ? !requeued.isEmpty() || !ready.isEmpty() : readyCount() > 0;
    }

    /** Adds an entry to a priority lane or a group's lane (not for a plain queue); returns its entry id. */
    long addOrdered(int priority, String group, long ref, Message message, int deliveries) {
        if (groups == null) {
            return lanes.add(priority, ref, message, deliveries);
        }
        long id = nextEntryId++;
        if (groupMaxPriority > 0) { // higher priorities sort first: bits 47+ hold the distance from the maximum
            int p = priority <= 0 ? 0 : Math.min(priority, groupMaxPriority);
            id |= (long) (groupMaxPriority - p) << 47;
        }
        groups.add(id, group, ref, message, deliveries);
        return id;
    }

    /** Puts a delivered entry back at its place in its lane (not for a plain queue). */
    void placeRequeued(long entryId, long ref, int deliveries, Message message) {
        if (lanes != null) {
            lanes.requeue(entryId, ref, deliveries, message);
        } else {
            groups.add(entryId, groups.settled(entryId), ref, message, deliveries);
        }
    }

    /** Removes the head of the current lane (taken or dropped). */
    void removeNext(boolean fromRequeued) {
        if (fromRequeued) {
            requeued.removeMin();
        } else {
            ready.removeHead();
        }
        if (lanes != null) {
            lanes.removed();
        } else if (groups != null) {
            groups.headRemoved(current);
        }
    }

    /**
     * Points {@link #ready} and {@link #requeued} at the lane holding the next entry, if any: a priority queue's
     * highest non-empty lane, a grouped queue's oldest head. A plain queue has one lane.
     */
    void selectHead() {
        if (lanes != null) {
            PriorityLanes.Lane top = lanes.top();
            if (top != null) {
                use(top);
            }
        } else if (groups != null) {
            GroupLanes.Lane oldest = groups.select(GroupLanes.ANY);
            if (oldest != null) {
                useGroup(oldest);
            }
        }
    }

    /** A grouped queue: points at the lane of the next entry for {@code consumer}; false when there is none. */
    boolean selectFor(int consumer) {
        GroupLanes.Lane lane = groups.select(consumer);
        if (lane == null) {
            return false;
        }
        useGroup(lane);
        return true;
    }

    /**
     * Removes ready entry {@code entryId} wherever it waits, leaving its reference and message in
     * {@link #removedRef} and {@link #removedMessage} (management deletes one message).
     *
     * @return false when no ready entry has the id
     */
    boolean removeFromLanes(long entryId) {
        if (groups != null) {
            GroupLanes.Lane lane = groups.laneHolding(entryId);
            if (lane == null || !groups.remove(lane, entryId)) {
                return false;
            }
            removedRef = lane.entries.removedRef();
            removedMessage = lane.entries.removedMessage();
            return true;
        }
        if (lanes != null) {
            PriorityLanes.Lane lane = lanes.laneOf(entryId);
            if (lane == null) {
                return false;
            }
            use(lane);
        }
        if (requeued.remove(entryId)) {
            removedRef = requeued.removedRef();
            removedMessage = requeued.removedMessage();
        } else if (ready.remove(entryId)) {
            removedRef = ready.removedRef();
            removedMessage = ready.removedMessage();
        } else {
            return false;
        }
        if (lanes != null) {
            lanes.removed();
        }
        return true;
    }

    /** Drops every ready entry through {@link #drop}. */
    void dropReady() {
        if (plain) {
            dropLane();
        } else if (groups != null) {
            for (GroupLanes.Lane lane : groups.lanes()) {
                useGroup(lane);
                dropLane();
            }
            groups.clear();
        } else {
            for (int priority = 0; priority <= lanes.maxPriority(); priority++) {
                PriorityLanes.Lane lane = lanes.laneAt(priority);
                if (lane != null) {
                    use(lane);
                    dropLane();
                }
            }
            lanes.clear();
        }
    }

    /** Copies the first {@code max} ready entries in delivery order through {@link #addPeeked}. */
    void peekInOrder(int max, List<QueuedMessage> out) {
        if (plain) {
            peekLane(max, out);
        } else if (groups != null) {
            peekGroups(max, out);
        } else {
            for (int priority = lanes.maxPriority(); priority >= 0 && out.size() < max; priority--) {
                PriorityLanes.Lane lane = lanes.laneAt(priority);
                if (lane != null && !lane.isEmpty()) {
                    use(lane);
                    peekLane(max - out.size(), out);
                }
            }
        }
    }

    /** A grouped queue's browse: the oldest entries of all lanes merged by id (the order one consumer gets). */
    private void peekGroups(int max, List<QueuedMessage> out) {
        record Candidate(long id, long ref, Message message, int deliveries) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (GroupLanes.Lane lane : groups.lanes()) {
            RequeuedEntries entries = lane.entries;
            int[] slots = new int[Math.min(max, entries.size())];
            int n = entries.smallestSlots(slots.length, slots);
            for (int i = 0; i < n; i++) {
                int slot = slots[i];
                candidates.add(new Candidate(entries.idAt(slot), entries.refAt(slot), entries.messageAt(slot),
                        entries.deliveriesAt(slot)));
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::id));
        for (int i = 0; i < Math.min(max, candidates.size()); i++) {
            Candidate c = candidates.get(i);
            addPeeked(out, c.id(), c.ref(), c.message(), c.deliveries());
        }
    }

    /** Peeks into {@link #ready} and {@link #requeued}: one lane, requeued entries first. */
    private void peekLane(int max, List<QueuedMessage> out) {
        int[] slots = new int[Math.min(max, requeued.size())];
        int fromRequeued = requeued.smallestSlots(slots.length, slots);
        for (int i = 0; i < fromRequeued; i++) {
            int slot = slots[i];
            addPeeked(out, requeued.idAt(slot), requeued.refAt(slot), requeued.messageAt(slot),
                    requeued.deliveriesAt(slot));
        }
        int fromReady = Math.min(max - fromRequeued, ready.size());
        if (fromReady <= 0) {
            return;
        }
        long[] ids = new long[fromReady];
        long[] refs = new long[fromReady];
        Message[] messages = new Message[fromReady];
        int[] deliveryCounts = new int[fromReady];
        int copied = ready.copy(fromReady, ids, refs, messages, deliveryCounts);
        for (int i = 0; i < copied; i++) {
            addPeeked(out, ids[i], refs[i], messages[i], deliveryCounts[i]);
        }
    }

    /** Drops the entries of {@link #ready} and {@link #requeued}: one lane. */
    private void dropLane() {
        while (!ready.isEmpty()) {
            drop(ready.headRef(), ready.headMessage());
            ready.removeHead();
        }
        for (int i = 0; i < requeued.size(); i++) {
            drop(requeued.refAt(i), requeued.messageAt(i));
        }
        ready.clear();
        requeued.clear();
    }

    private void useGroup(GroupLanes.Lane lane) {
        ready = noReady;
        requeued = lane.entries;
        current = lane;
    }

    private void use(PriorityLanes.Lane lane) {
        ready = lane.ready;
        requeued = lane.requeued;
    }
}
