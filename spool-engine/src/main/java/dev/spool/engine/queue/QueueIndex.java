package dev.spool.engine.queue;

import dev.spool.engine.message.Message;
import dev.spool.store.format.LogPosition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a classic queue's messages are and what the store knows of them: the ready FIFO, the requeued heap and the
 * unacknowledged entries, each entry named by its id and carrying a <em>store reference</em> (a {@code long}), a
 * delivery count and, only while it is kept in memory, its message.
 *
 * <p>A store reference is one of
 * <ul>
 *   <li>{@link #MEMORY} ({@code -1}): memory is the message's only copy;</li>
 *   <li>a position {@code p > 0} in the virtual host's message log, for a <em>durable reference</em>: a persistent
 *   message in a durable queue. It is recovered after a restart, so its deliveries are recorded in the log;</li>
 *   <li>{@code ~p} (negative, below -1) for a <em>volatile reference</em> to position {@code p}: a transient message
 *   written out of the heap, or a persistent one in a queue that is not durable. Gone after a restart, so nothing but
 *   its settlement is written for it.</li>
 * </ul>
 * (Log positions are positive, so the three never collide.)
 *
 * <p>Memory: a ready entry keeps its message only while the shared {@link MessageMemory} budget has room; otherwise
 * it is a reference alone and its message is read back from the log when it reaches the head. So a backlog costs 8
 * bytes per message in {@link ReadyEntries}, plus the budget.
 *
 * <p>Priority queues keep one such pair of ready FIFO and requeued heap per priority level ({@link PriorityLanes});
 * {@link #ready} and {@link #requeued} then point at the lane being worked on (the highest non-empty one for the
 * head), so the code below serves both kinds, and a plain queue pays one final-field test for it. A queue with message
 * groups keeps its ready entries in {@link GroupLanes} instead, one heap per group; {@link #requeued} then points at
 * the lane chosen for a consumer by {@link #prepareFor} (and {@link #ready} at an empty FIFO).
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class QueueIndex implements ConsumerRoster.Eligibility {
    /** The store reference of a message held only in memory. */
    static final long MEMORY = LogPosition.NONE;
    /** Delivery counts stop here (the store keeps 16 bits). */
    private static final int MAX_DELIVERIES = 0xFFFF;

    private final boolean durable;
    private final MessageMemory memory;
    /** The ready FIFO and requeued heap: a plain queue's only pair, or a priority queue's current lane's. */
    private ReadyEntries ready = new ReadyEntries();
    private RequeuedEntries requeued = new RequeuedEntries();
    /** A priority queue's lanes; null for a plain or grouped queue. */
    private final PriorityLanes lanes;
    /** A grouped queue's lanes ({@code x-group-header}); null otherwise. */
    private final GroupLanes groups;
    /** Neither priority lanes nor groups: {@link #ready} and {@link #requeued} are the only ones. */
    private final boolean plain;
    /** A grouped queue's {@code x-max-priority}, which orders its entry ids (0: none). */
    private final int groupMaxPriority;
    /** A grouped queue: the lane {@link #requeued} points at, and the one {@link #take()} took from. */
    private GroupLanes.Lane current;
    private GroupLanes.Lane takenLane;
    private final UnackedEntries unacked = new UnackedEntries();
    /** A grouped queue's {@link #ready}: always empty, its entries are all in lanes. */
    private final ReadyEntries noReady = new ReadyEntries();
    private QueueLog log;
    private long nextEntryId = 1;

    /** The message of the next entry, read ahead by {@link #prepare()} when no consumer could take it yet. */
    private long loadedId;
    private Message loadedMessage;

    /** What {@link #take()} took. */
    private long takenId;
    private long takenRef;
    private int takenDeliveries;
    private Message takenMessage;

    /**
     * @param durable whether the queue is durable: its persistent messages get durable references
     * @param memory  the budget for keeping ready messages in memory
     * @param log     the queue's view of the message log, or null for a queue kept in memory only
     */
    QueueIndex(boolean durable, MessageMemory memory, QueueLog log) {
        this(durable, memory, log, 0, null);
    }

    /**
     * @param maxPriority the queue's {@code x-max-priority}; 0 (or out of range) for a plain queue, values above
     *                    {@value PriorityLanes#MAX_PRIORITY} count as that
     * @param groupHeader the queue's {@code x-group-header}, or null
     */
    QueueIndex(boolean durable, MessageMemory memory, QueueLog log, int maxPriority, String groupHeader) {
        this.durable = durable;
        this.memory = memory;
        this.log = log;
        int max = Math.max(0, Math.min(maxPriority, PriorityLanes.MAX_PRIORITY));
        this.groups = groupHeader == null ? null : new GroupLanes(groupHeader);
        this.lanes = max > 0 && groups == null ? new PriorityLanes(max) : null;
        this.groupMaxPriority = groups == null ? 0 : max;
        this.plain = lanes == null && groups == null;
    }

    /** Whether this is a priority queue's index (grouped or not). */
    boolean prioritized() {
        return lanes != null || groupMaxPriority > 0;
    }

    /** A grouped queue's group header, else null. */
    String groupHeader() {
        return groups == null ? null : groups.header();
    }


    /** Gives a queue restored at start its log, once recovery has filled it. */
    void attach(QueueLog queueLog) {
        if (this.log != null) {
            throw new IllegalStateException("the queue has a log already");
        }
        this.log = queueLog;
    }

    static boolean isStored(long ref) {
        return ref != MEMORY;
    }

    static boolean isDurable(long ref) {
        return ref > 0;
    }

    static long position(long ref) {
        return ref > 0 ? ref : ~ref;
    }

    /**
     * Appends a published message.
     *
     * @param position where the publisher stored it (the record lists this queue), or {@link LogPosition#NONE}
     */
    void add(Message message, long position) {
        long size = MessageMemory.sizeOf(message);
        long ref;
        Message kept = message;
        if (position != LogPosition.NONE) {
            ref = durable && message.persistent() ? position : ~position;
            if (!memory.tryCharge(size)) {
                kept = null;
            }
        } else if (log == null || memory.tryCharge(size)) {
            ref = MEMORY;
            if (log == null) {
                memory.charge(size);
            }
        } else {
            long spilled = log.spill(message);
            if (spilled != LogPosition.NONE) {
                ref = ~spilled;
                kept = null;
            } else {
                ref = MEMORY;
                memory.charge(size);
            }
        }
        if (plain) {
            ready.add(nextEntryId++, ref, kept, 0);
        } else {
            addOrdered(message.priority(), groups == null ? null : groups.groupOf(message), ref, kept, 0);
        }
    }

    /** Adds an entry to a priority lane or a group's lane. */
    private void addOrdered(int priority, String group, long ref, Message message, int deliveries) {
        if (groups == null) {
            lanes.add(priority, ref, message, deliveries);
            return;
        }
        long id = nextEntryId++;
        if (groupMaxPriority > 0) { // higher priorities sort first: the top 8 bits hold the distance from the max
            int p = priority <= 0 ? 0 : Math.min(priority, groupMaxPriority);
            id |= (long) (groupMaxPriority - p) << 47;
        }
        groups.add(id, group, ref, message, deliveries);
    }

    /** A message published to the queue after it was deleted: settles the reference the publisher stored for it. */
    void refuse(long position) {
        if (position != LogPosition.NONE && log != null) {
            log.settle(position);
        }
    }

    /**
     * Appends a message recovered from the log after a restart (before the queue serves anyone).
     *
     * @param priority its {@code priority} property (a priority queue's lane; ignored by a plain queue)
     * @param group    its group (a grouped queue's lane), or null
     */
    void recover(long position, int deliveries, int priority, String group) {
        int count = Math.min(deliveries, MAX_DELIVERIES);
        if (plain) {
            ready.add(nextEntryId++, position, null, count);
        } else {
            addOrdered(priority, group, position, null, count);
        }
    }

    /** Ready entries (never delivered, or requeued). */
    int readyCount() {
        return plain ? ready.size() + requeued.size() : lanes != null ? lanes.size() : groups.size();
    }

    int unackedCount() {
        return unacked.size();
    }

    /** The unacknowledged entries, for {@link QueueStats#settled}: read only. */
    UnackedEntries unacked() {
        return unacked;
    }

    /**
     * When the next entry to go out was published (for the oldest-ready age), or 0 when none is ready. When memory
     * does not hold it, it is read back through {@link #prepare()}, as its delivery will read it: kept there, so each
     * head is read once.
     */
    long oldestReadyPublishedAt() {
        selectHead();
        Message next;
        if (log == null) { // memory holds every message, or a restored queue is not attached yet
            next = !requeued.isEmpty() ? requeued.minMessage() : ready.isEmpty() ? null : ready.headMessage();
        } else if (prepare()) {
            next = !requeued.isEmpty() ? requeued.minMessage() : ready.headMessage();
            if (next == null) {
                next = loadedMessage;
            }
        } else {
            next = null;
        }
        return next == null ? 0L : next.publishedAtMillis();
    }

    /**
     * Copies the first {@code max} ready entries in delivery order (requeued ones first), reading back from the log
     * those memory does not hold, as delivery does; an entry whose record cannot be read is left out (its delivery
     * will drop it). Management's browse, never on the message path.
     */
    void peek(int max, List<QueuedMessage> out) {
        if (plain) {
            peekLane(max, out);
            return;
        }
        if (groups != null) {
            peekGroups(max, out);
            return;
        }
        ReadyEntries current = ready;
        RequeuedEntries currentRequeued = requeued;
        for (int priority = lanes.maxPriority(); priority >= 0 && out.size() < max; priority--) {
            PriorityLanes.Lane lane = lanes.laneAt(priority);
            if (lane != null && !lane.isEmpty()) {
                use(lane);
                peekLane(max - out.size(), out);
            }
        }
        ready = current;
        requeued = currentRequeued;
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

    /** Peeks into {@link #ready} and {@link #requeued}: one lane. */
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

    private void addPeeked(List<QueuedMessage> out, long id, long ref, Message inMemory, int deliveries) {
        Message message = inMemory;
        if (message == null && loadedMessage != null && loadedId == id) {
            message = loadedMessage;
        }
        if (message == null && log != null) {
            message = log.read(position(ref));
        }
        if (message != null) {
            out.add(new QueuedMessage(id, message, deliveries > 0));
        }
    }

    /**
     * Removes one ready entry by id, wherever it waits (management deletes one message), and settles its reference in
     * the log at once, so it does not come back after a restart.
     *
     * @return false when no ready entry has the id
     */
    boolean removeReady(long entryId) {
        long ref;
        Message message;
        if (groups != null) {
            GroupLanes.Lane lane = groups.laneHolding(entryId);
            if (lane == null || !groups.remove(lane, entryId)) {
                return false;
            }
            ref = lane.entries.removedRef();
            message = lane.entries.removedMessage();
        } else {
            if (lanes != null) {
                PriorityLanes.Lane lane = lanes.laneOf(entryId);
                if (lane == null) {
                    return false;
                }
                use(lane);
            }
            if (requeued.remove(entryId)) {
                ref = requeued.removedRef();
                message = requeued.removedMessage();
            } else if (ready.remove(entryId)) {
                ref = ready.removedRef();
                message = ready.removedMessage();
            } else {
                return false;
            }
            if (lanes != null) {
                lanes.removed();
            }
        }
        if (loadedId == entryId) {
            loadedMessage = null;
        }
        if (message != null) {
            memory.release(MessageMemory.sizeOf(message));
        }
        settleRef(ref);
        return true;
    }

    boolean hasReady() {
        return plain ? !requeued.isEmpty() || !ready.isEmpty() : readyCount() > 0;
    }

    /**
     * Makes the next ready entry deliverable: reads its message back from the log if memory does not hold it. An entry
     * whose record cannot be read is dropped (and settled) and the next one tried.
     *
     * @return false when nothing is ready
     */
    boolean prepare() {
        while (hasReady()) {
            selectHead();
            if (prepareHead()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A grouped queue: makes the next entry for {@code consumer} deliverable (see {@link GroupLanes#select}); with
     * {@link GroupLanes#GET} for {@code basic.get}. Any other queue: {@link #prepare()}.
     *
     * @return false when nothing is ready for it
     */
    boolean prepareFor(int consumer) {
        if (groups == null) {
            return prepare();
        }
        while (true) {
            GroupLanes.Lane lane = groups.select(consumer);
            if (lane == null) {
                return false;
            }
            useGroup(lane);
            if (prepareHead()) {
                return true;
            }
        }
    }

    /**
     * Makes the head of the current lane deliverable, reading it back if needed; an unreadable one is dropped (and
     * settled) and false returned, so the caller selects again.
     */
    private boolean prepareHead() {
        boolean fromRequeued = !requeued.isEmpty();
        long id = fromRequeued ? requeued.minId() : ready.headId();
        Message inMemory = fromRequeued ? requeued.minMessage() : ready.headMessage();
        if (inMemory != null || (loadedMessage != null && loadedId == id)) {
            return true;
        }
        long ref = fromRequeued ? requeued.minRef() : ready.headRef();
        Message read = log.read(position(ref));
        if (read != null) {
            loadedId = id;
            loadedMessage = read;
            return true;
        }
        removeNext(fromRequeued);
        log.settle(position(ref));
        return false;
    }

    /** Takes the next ready entry, which {@link #prepare()} made deliverable, and counts the delivery. */
    void take() {
        if (lanes != null) {
            selectHead();
        }
        takenLane = current;
        boolean fromRequeued = !requeued.isEmpty();
        Message inMemory;
        if (fromRequeued) {
            takenId = requeued.minId();
            takenRef = requeued.minRef();
            takenDeliveries = requeued.minDeliveries();
            inMemory = requeued.minMessage();
        } else {
            takenId = ready.headId();
            takenRef = ready.headRef();
            takenDeliveries = ready.headDeliveries();
            inMemory = ready.headMessage();
        }
        if (takenDeliveries < MAX_DELIVERIES) {
            takenDeliveries++;
        }
        if (inMemory != null) {
            memory.release(MessageMemory.sizeOf(inMemory));
            takenMessage = inMemory;
        } else {
            takenMessage = loadedMessage;
        }
        loadedMessage = null;
        removeNext(fromRequeued);
    }

    /** A grouped queue: the taken entry goes to {@code consumer} (an owner id or {@link GroupLanes#GET}). */
    void takenBy(int consumer, boolean noAck) {
        if (groups != null) {
            groups.delivered(takenId, takenLane, consumer, noAck);
        }
    }

    /** A grouped queue: consumer {@code consumer} left; its groups go to whoever takes them next. */
    void consumerGone(int consumer) {
        if (groups != null) {
            groups.consumerGone(consumer);
        }
    }

    boolean grouped() {
        return groups != null;
    }

    /** {@inheritDoc} A grouped queue's roster asks this: prepares the entry the consumer would take. */
    @Override
    public boolean canTake(int consumerId) {
        return prepareFor(consumerId);
    }

    long takenId() {
        return takenId;
    }

    Message takenMessage() {
        return takenMessage;
    }

    /** Whether the taken entry was delivered before (AMQP's redelivered flag). */
    boolean takenRedelivered() {
        return takenDeliveries > 1;
    }

    /**
     * The taken entry went out: with {@code noAck} it is done; otherwise it waits for its acknowledgement, and a
     * durable reference's delivery is recorded so that a restart brings it back flagged redelivered.
     */
    void delivered(boolean noAck) {
        if (noAck) {
            settleRef(takenRef);
        } else {
            unacked.put(takenId, takenRef, takenDeliveries, takenRef == MEMORY ? takenMessage : null);
            if (isDurable(takenRef)) {
                log.recordDelivery(takenRef, takenDeliveries);
            }
        }
        takenMessage = null;
    }

    /** Ack or discard of an unacknowledged entry; false when it is not outstanding. */
    boolean settle(long entryId) {
        if (!unacked.remove(entryId)) {
            return false;
        }
        unacked.removedMessage();
        settleRef(unacked.removedRef());
        if (groups != null) {
            groups.settled(entryId);
        }
        return true;
    }

    /** Puts an unacknowledged entry back at its original position; false when it is not outstanding. */
    boolean requeue(long entryId) {
        if (!unacked.remove(entryId)) {
            return false;
        }
        Message message = unacked.removedMessage();
        if (message != null) {
            memory.charge(MessageMemory.sizeOf(message));
        }
        if (plain) {
            requeued.add(entryId, unacked.removedRef(), unacked.removedDeliveries(), message);
        } else if (lanes != null) {
            lanes.requeue(entryId, unacked.removedRef(), unacked.removedDeliveries(), message);
        } else {
            groups.add(entryId, groups.settled(entryId), unacked.removedRef(), message, unacked.removedDeliveries());
        }
        return true;
    }

    /** Drops every ready entry; returns how many. */
    int purge() {
        int purged = readyCount();
        if (plain) {
            purgeLane();
        } else if (groups != null) {
            for (GroupLanes.Lane lane : groups.lanes()) {
                useGroup(lane);
                purgeLane();
            }
            groups.clear();
        } else {
            for (int priority = 0; priority <= lanes.maxPriority(); priority++) {
                PriorityLanes.Lane lane = lanes.laneAt(priority);
                if (lane != null) {
                    use(lane);
                    purgeLane();
                }
            }
            lanes.clear();
        }
        loadedMessage = null;
        if (log != null) {
            log.flushSettlements();
        }
        return purged;
    }

    /** Drops everything, unacknowledged entries included (the queue is deleted); returns how many were ready. */
    int dropAll() {
        for (int i = 0; i < unacked.slotCount(); i++) {
            if (unacked.idAt(i) != 0 && isStored(unacked.refAt(i))) {
                log.settleLater(position(unacked.refAt(i)));
            }
        }
        unacked.clear();
        return purge();
    }

    /** Drops the entries of {@link #ready} and {@link #requeued}: one lane. */
    private void purgeLane() {
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

    private void drop(long ref, Message message) {
        if (message != null) {
            memory.release(MessageMemory.sizeOf(message));
        }
        if (isStored(ref)) {
            log.settleLater(position(ref));
        }
    }

    private void settleRef(long ref) {
        if (isStored(ref)) {
            log.settle(position(ref));
        }
    }

    private void removeNext(boolean fromRequeued) {
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
    private void selectHead() {
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
