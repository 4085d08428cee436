package dev.spool.engine.queue;

import dev.spool.engine.deadletter.DeliveryLimit;
import dev.spool.engine.message.Message;
import dev.spool.store.format.LogPosition;

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
 * <p>Which ready entry goes next (priority lanes, message groups) is {@link ReadyOrder}'s part, which this class
 * extends.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class QueueIndex extends ReadyOrder implements ConsumerRoster.Eligibility {
    /** The store reference of a message held only in memory. */
    static final long MEMORY = LogPosition.NONE;
    /** Delivery counts stop here (the store keeps 16 bits). */
    private static final int MAX_DELIVERIES = 0xFFFF;

    private final boolean durable;
    private final MessageMemory memory;
    private final UnackedEntries unacked = new UnackedEntries();
    private QueueLog log;
    /** The message of the next entry, read ahead by {@link #prepare()} when no consumer could take it yet. */
    private long loadedId;
    private Message loadedMessage;

    /** What {@link #take()} took. */
    private long takenId;
    private long takenRef;
    private int takenDeliveries;
    private Message takenMessage;
    private GroupLanes.Lane takenLane;

    /** What {@link #lendUnacked} took out. */
    private long lentId;
    private long lentRef;
    private int lentDeliveries;
    private Message lentMessage;

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
        super(maxPriority, groupHeader);
        this.durable = durable;
        this.memory = memory;
        this.log = log;
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
     * @return its entry id
     */
    long add(Message message, long position) {
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
            long id = nextEntryId++;
            ready.add(id, ref, kept, 0);
            return id;
        }
        return addOrdered(message.priority(), groups == null ? null : groups.groupOf(message), ref, kept, 0);
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
     * @return its entry id
     */
    long recover(long position, int deliveries, int priority, String group) {
        int count = Math.min(deliveries, MAX_DELIVERIES);
        if (plain) {
            long id = nextEntryId++;
            ready.add(id, position, null, count);
            return id;
        }
        return addOrdered(priority, group, position, null, count);
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
        peekInOrder(max, out);
    }

    @Override
    void addPeeked(List<QueuedMessage> out, long id, long ref, Message inMemory, int deliveries) {
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
        if (!removeFromLanes(entryId)) {
            return false;
        }
        long ref = removedRef;
        Message message = removedMessage;
        removedMessage = null;
        if (loadedId == entryId) {
            loadedMessage = null;
        }
        if (message != null) {
            memory.release(MessageMemory.sizeOf(message));
        }
        settleRef(ref);
        return true;
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
        while (selectFor(consumer)) {
            if (prepareHead()) {
                return true;
            }
        }
        return false;
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
        return requeue(entryId, DeliveryLimit.UNLIMITED) == REQUEUED;
    }

    /** {@link #requeue(long, long)}: the entry was not outstanding. */
    static final int NOT_OUTSTANDING = 0;
    /** {@link #requeue(long, long)}: the entry is ready again. */
    static final int REQUEUED = 1;
    /** {@link #requeue(long, long)}: over the delivery limit, taken out instead (see {@link #removedRef()}). */
    static final int OVER_LIMIT = 2;

    /**
     * Puts an unacknowledged entry back at its original position, unless its failed deliveries (every delivery so
     * far) exceed {@code deliveryLimit}: then it is taken out, unsettled, for the caller to dead-letter.
     *
     * @return {@link #NOT_OUTSTANDING}, {@link #REQUEUED} or {@link #OVER_LIMIT}
     */
    int requeue(long entryId, long deliveryLimit) {
        if (!unacked.remove(entryId)) {
            return NOT_OUTSTANDING;
        }
        Message message = unacked.removedMessage();
        int deliveries = unacked.removedDeliveries();
        if (DeliveryLimit.exceeded(deliveries, deliveryLimit)) {
            removedRef = unacked.removedRef();
            removedMessage = message;
            if (groups != null) {
                groups.settled(entryId); // dead-lettered: its group may move on
            }
            return OVER_LIMIT;
        }
        if (message != null) {
            memory.charge(MessageMemory.sizeOf(message));
        }
        if (plain) {
            requeued.add(entryId, unacked.removedRef(), deliveries, message);
        } else {
            placeRequeued(entryId, unacked.removedRef(), deliveries, message);
        }
        return REQUEUED;
    }

    /**
     * Takes an unacknowledged entry out without settling it (to dead-letter it); false when not outstanding. Its
     * delivery is over, so a grouped queue's group may move on.
     */
    boolean takeUnacked(long entryId) {
        if (!unacked.remove(entryId)) {
            return false;
        }
        removedRef = unacked.removedRef();
        removedMessage = unacked.removedMessage();
        if (groups != null) {
            groups.settled(entryId);
        }
        return true;
    }

    // ---- entries that wait before they are ready (x-delay, retries): see QueueDelays -----------------------------

    /**
     * The store reference of a newly enqueued message that waits before it is ready: its stored reference, else the
     * log (written out of the heap) when there is one, else memory.
     */
    long waitingRef(Message message, long position) {
        if (position != LogPosition.NONE) {
            return durable && message.persistent() ? position : ~position;
        }
        if (log != null) {
            long spilled = log.spill(message);
            if (spilled != LogPosition.NONE) {
                return ~spilled;
            }
        }
        return MEMORY;
    }

    /**
     * Appends an entry whose wait is over; {@code message} is required when {@code ref} is {@link #MEMORY}.
     *
     * @return its entry id
     */
    long addReady(long ref, Message message, int deliveries) {
        Message kept = null;
        if (message != null) {
            long size = MessageMemory.sizeOf(message);
            if (ref == MEMORY) {
                memory.charge(size);
                kept = message;
            } else if (memory.tryCharge(size)) {
                kept = message;
            }
        }
        if (plain) {
            long id = nextEntryId++;
            ready.add(id, ref, kept, deliveries);
            return id;
        }
        // a priority or grouped queue needs the message's priority and group: read back when memory has no copy
        Message source = message != null ? message : isStored(ref) && log != null ? log.read(position(ref)) : null;
        int priority = source == null ? 0 : message != null ? message.priority() : RecoveredMessages.priority(source);
        String group = groups == null || source == null ? null
                : message != null ? groups.groupOf(message) : RecoveredMessages.header(source, groups.header());
        return addOrdered(priority, group, ref, kept, deliveries);
    }

    /**
     * Takes an unacknowledged entry out to decide on a retry; its reference, delivery count and message (read back
     * from the log when memory does not hold it; null when unreadable) are then {@code lent*}. Either
     * {@link #returnUnacked} or {@link #retryRef} follows.
     *
     * @return false when the entry is not outstanding
     */
    boolean lendUnacked(long entryId) {
        if (!unacked.remove(entryId)) {
            return false;
        }
        lentId = entryId;
        lentRef = unacked.removedRef();
        lentDeliveries = unacked.removedDeliveries();
        lentMessage = unacked.removedMessage();
        if (lentMessage == null && isStored(lentRef) && log != null) {
            lentMessage = log.read(position(lentRef));
        }
        return true;
    }

    int lentDeliveries() {
        return lentDeliveries;
    }

    Message lentMessage() {
        return lentMessage;
    }

    /** Puts the lent entry back, unchanged. */
    void returnUnacked(long entryId) {
        unacked.put(entryId, lentRef, lentDeliveries, lentRef == MEMORY ? lentMessage : null);
        lentMessage = null;
    }

    /**
     * The lent entry is retried as {@code retried}: writes it as a new record for this queue (persistent if the old
     * reference was durable, with {@code timestampMillis} and its delivery count recorded, so a restart finds it
     * waiting), settles the old reference and returns the new one ({@link #MEMORY} without a log or when the write
     * fails).
     */
    long retryRef(Message retried, long timestampMillis, int deliveries) {
        if (groups != null) {
            groups.settled(lentId); // the delivery is over: its group may move on
        }
        long old = lentRef;
        lentMessage = null;
        long ref = MEMORY;
        if (isStored(old) && log != null) {
            boolean persistent = isDurable(old);
            long position = log.append(retried, persistent, timestampMillis);
            if (position != LogPosition.NONE) {
                ref = persistent ? position : ~position;
                if (persistent) {
                    log.recordDelivery(position, deliveries);
                }
            }
        }
        settleRef(old);
        return ref;
    }

    /** A waiting entry is dropped (purge, deletion). */
    void dropWaiting(long ref) {
        if (isStored(ref)) {
            log.settleLater(position(ref));
        }
    }

    /**
     * Takes a ready entry out without settling its reference (it expired or overflowed and is dead-lettered first);
     * false when no ready entry has the id.
     */
    boolean removeReadyEntry(long entryId) {
        Message message;
        if (!plain) { // a priority or grouped queue: the entry's lane, not the current one
            if (!removeFromLanes(entryId)) {
                return false;
            }
            message = removedMessage;
        } else if (!requeued.isEmpty() && requeued.minId() == entryId) { // the usual case: expiry in queue order
            removedRef = requeued.minRef();
            message = requeued.minMessage();
            requeued.removeMin();
        } else if (requeued.remove(entryId)) {
            removedRef = requeued.removedRef();
            message = requeued.removedMessage();
        } else if (ready.remove(entryId)) {
            removedRef = ready.removedRef();
            message = ready.removedMessage();
        } else {
            return false;
        }
        if (message != null) {
            memory.release(MessageMemory.sizeOf(message));
        } else if (loadedMessage != null && loadedId == entryId) {
            message = loadedMessage;
        }
        if (loadedId == entryId) {
            loadedMessage = null;
        }
        removedMessage = message;
        return true;
    }

    /** The id of the next ready entry to go out, or 0 when none is ready. */
    long nextReadyId() {
        selectHead();
        return !requeued.isEmpty() ? requeued.minId() : ready.isEmpty() ? 0 : ready.headId();
    }

    /** The store reference of the entry removed last (settle it with {@link #settleRemoved} once dead-lettered). */
    long removedRef() {
        return removedRef;
    }

    /** The message of the entry removed last, read back from the log if memory did not hold it (null if unreadable). */
    Message removedMessage() {
        Message message = removedMessage;
        removedMessage = null;
        if (message == null && isStored(removedRef) && log != null) {
            message = log.read(position(removedRef));
        }
        return message;
    }

    /** Drops the removed entry's message without reading it (it is not dead-lettered). */
    void forgetRemoved() {
        removedMessage = null;
    }

    /** Settles a reference taken out earlier by a removal, once its dead letter has been routed. */
    void settleRemoved(long ref) {
        if (log != null) { // a restored queue before its log is attached has no stored entries yet
            settleRef(ref);
        }
    }

    /** How many times the taken entry has been delivered, this delivery included. */
    int takenDeliveries() {
        return takenDeliveries;
    }

    /** Drops every ready entry; returns how many. */
    int purge() {
        int purged = readyCount();
        dropReady();
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

    @Override
    void drop(long ref, Message message) {
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
}
