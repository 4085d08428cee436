package dev.spool.engine.queue;

import dev.spool.engine.Clock;
import dev.spool.engine.EngineException;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.dedup.DeduplicationLogs;
import dev.spool.engine.dedup.DeduplicationWindow;
import dev.spool.engine.message.Message;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.store.log.MessageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The classic queue: a FIFO of entries, each with a monotonically increasing {@code long} entry id, consumers served
 * by priority and round-robin, and an index of delivered, unacknowledged entries. Where each message lives (memory,
 * the message log, or both) and what the log learns of it is {@link QueueIndex}'s business.
 *
 * <p><b>Threading.</b> All state is owned by one {@link ReentrantLock} per queue; there is no lock shared between
 * queues. Publishers (enqueue), channels (consume, settle, get) and the virtual host (delete, purge) each take it
 * briefly, from whatever thread they run on; reading a message back from the log on delivery and writing a settlement
 * happen under it too (a positional read or write into the page cache, never an fsync). {@link Consumer} callbacks
 * run under this lock (see its contract: they must not block or call back into any queue or virtual host). The counts
 * are volatile copies written under the lock, so readers on other threads never take it.
 *
 * <p><b>Order.</b> Entries never delivered wait in {@link ReadyEntries}; an entry requeued after delivery goes to
 * {@link RequeuedEntries}, a min-heap drained first, which restores it to its original position. Unacknowledged
 * entries sit in {@link UnackedEntries} keyed by entry id; no-ack deliveries are forgotten at once. After a restart the
 * recovered messages come back in log order with their delivery counts. A priority queue ({@code x-max-priority})
 * keeps one such pair per priority level and a queue with message groups ({@code x-group-header}) one lane per group:
 * see {@link ReadyOrder}. With {@code x-single-active-consumer} the {@link ConsumerRoster} offers deliveries to one
 * consumer only.
 *
 * <p><b>Deduplication.</b> A queue declared with {@code x-message-deduplication} (or given it by a policy) checks each
 * routed message against its {@link DeduplicationWindow} first thing in {@link #offer}, under the lock (before the
 * length limits): a duplicate is dropped (its log reference settled) and confirmed like any enqueued message; a
 * message a length limit then refuses is forgotten again, so the nacked publisher's retry is not a duplicate.
 *
 * <p><b>Delays.</b> Messages waiting out an {@code x-delay} or a retry ({@code x-retry-delays}) sit in
 * {@link QueueDelays}, not ready; they count towards the length limits, and their TTL starts when they become ready.
 * A reject without requeue tries a retry first; a retry declined leaves the entry unacknowledged, to be settled or
 * dead-lettered as without retries.
 *
 * <p><b>Features.</b> TTLs, length limits, dead-lettering, the delivery limit and queue expiry live in
 * {@link QueueFeatures}, called at each step of a message's life under this lock. Messages that die are collected under
 * the lock and routed to the dead letter exchange once the outermost hold is released ({@code unlockAndRoute}), so a
 * queue never holds two queue locks; their originals are settled after that.
 *
 * <p><b>Collaborators.</b> {@link QueueDispatcher} hands entries to consumers and {@code basic.get};
 * {@link QueueWaiting} glues {@link QueueDelays} to the index and the features. Both are called under this lock.
 *
 * <p><b>Statistics.</b> {@link QueueStats} counts and times what the queue does for management, written under the same
 * lock as part of each operation and read by management without it.
 */
public final class ClassicQueue implements Queue {
    private final int id;
    private final String name;
    private final String vhostName;
    private final QueueSettings settings;
    private final Object exclusiveOwner;
    private final AutoDeleteHook autoDeleteHook;
    private final QueueStats stats;
    /** Written under the lock, read anywhere. */
    private volatile EffectiveQueueSettings effective;
    /** Null unless the queue deduplicates. Written under the lock, read anywhere (metrics). */
    private volatile DeduplicationWindow deduplication;
    /** Where its window is kept: in memory until {@link #attachDeduplication}. Under the lock. */
    private DeduplicationLogs deduplicationLogs = DeduplicationLogs.IN_MEMORY;

    private final ReentrantLock lock = new ReentrantLock();
    private final QueueIndex index;
    private final ConsumerRoster consumers;
    private final Clock clock;
    /** TTLs, limits, dead letters, delivery limit, queue expiry. */
    private final QueueFeatures features;
    /** Set once by {@link #connect}; null for a queue without a virtual host (its dead letters are dropped). */
    private volatile QueueHost host;
    private Consumer exclusiveConsumer;
    private boolean hadConsumer;
    /** Delivers to consumers and basic.get. */
    private final QueueDispatcher dispatcher;
    /** Entries waiting out an {@code x-delay} or a retry. */
    private final QueueWaiting waiting;

    private volatile boolean deleted;
    private volatile int messageCount;
    private volatile int unackedCount;
    private volatile int consumerCount;
    private volatile int waitingCount;

    /** A queue kept in memory only, with id 0 and no memory budget: for tests and brokers without a store. */
    public ClassicQueue(String name, String vhostName, QueueSettings settings, Object exclusiveOwner,
                        AutoDeleteHook autoDeleteHook) {
        this(name, vhostName, settings, exclusiveOwner, autoDeleteHook, Clock.system());
    }

    /** As above, with the clock that times deliveries for {@link QueueStats} (its coarse view is used). */
    public ClassicQueue(String name, String vhostName, QueueSettings settings, Object exclusiveOwner,
                        AutoDeleteHook autoDeleteHook, Clock clock) {
        this(0, name, vhostName, settings, exclusiveOwner, autoDeleteHook, MessageMemory.unlimited(), null, clock);
    }

    /**
     * @param id             the queue's id in its virtual host's message log (unique within the broker)
     * @param name           the queue's name
     * @param vhostName      its virtual host's name (for error texts)
     * @param settings       what it was declared with
     * @param exclusiveOwner the owning connection's token for an exclusive queue, else null
     * @param autoDeleteHook told when an auto-delete queue lost its last consumer (null: never)
     * @param memory         the broker's budget for ready messages kept in memory
     * @param log            the queue's view of the message log; null for now when the log is opened later (a
     *                       queue restored at start, see {@link #attach}) or for a broker without a store
     * @param clock          times deliveries for {@link QueueStats} (its coarse view is used)
     */
    public ClassicQueue(int id, String name, String vhostName, QueueSettings settings, Object exclusiveOwner,
                        AutoDeleteHook autoDeleteHook, MessageMemory memory, QueueLog log, Clock clock) {
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.vhostName = Objects.requireNonNull(vhostName, "vhostName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.exclusiveOwner = exclusiveOwner;
        this.autoDeleteHook = autoDeleteHook;
        this.stats = new QueueStats(clock.coarse());
        this.clock = clock;
        this.effective = EffectiveQueueSettings.resolve(settings.arguments(), null, null, EffectiveQueueSettings.NONE);
        // x-max-priority, x-single-active-consumer and x-group-header come from arguments only: fixed for life
        this.index = new QueueIndex(settings.durable(), memory, log, effective.maxPriority(), effective.groupHeader());
        this.consumers = new ConsumerRoster(effective.singleActiveConsumer());
        this.deduplication = deduplicationLogs.openQueue(toString(), id, false, effective.deduplication());
        this.features = new QueueFeatures(name, index, clock, this::messageTimerFired, this::queueTimerFired);
        this.dispatcher = new QueueDispatcher(this, index, consumers, features, stats);
        this.waiting = new QueueWaiting(clock, index, features, stats, dispatcher, this::releaseWaiting);
        features.apply(effective, 0);
    }

    /**
     * Gives the queue its virtual host, which routes its dead letters and deletes it when {@code x-expires} runs out.
     * Once, right after creation or restoration.
     */
    public void connect(QueueHost queueHost) {
        lock.lock();
        try {
            this.host = Objects.requireNonNull(queueHost, "queueHost");
            features.canDeadLetter(true);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String vhostName() {
        return vhostName;
    }

    @Override
    public QueueSettings settings() {
        return settings;
    }

    @Override
    public EffectiveQueueSettings effectiveSettings() {
        return effective;
    }

    @Override
    public void applySettings(EffectiveQueueSettings newSettings) {
        Objects.requireNonNull(newSettings, "newSettings");
        lock.lock();
        try {
            effective = newSettings;
            deduplication = deduplicationLogs.reconcileQueue(deduplication, toString(), id, settings.durable(),
                    newSettings.deduplication());
            if (!deleted) {
                features.apply(newSettings, consumers.size());
                features.expireDue(newSettings);
                updateCounts();
            }
        } finally {
            unlockAndRoute();
        }
    }

    @Override
    public Object exclusiveOwner() {
        return exclusiveOwner;
    }

    @Override
    public void enqueue(Message message, long position) {
        offer(message, position);
    }

    /**
     * {@inheritDoc} Refused (false) only by a length limit with {@code reject-publish} or {@code reject-publish-dlx}
     * ({@code x-overflow}); the stored reference is then settled, after dead-lettering for the latter.
     */
    @Override
    public boolean offer(Message message, long position) {
        lock.lock();
        try {
            if (deleted) {
                index.refuse(position);
                return true;
            }
            DeduplicationWindow dedup = deduplication;
            if (dedup != null && dedup.isDuplicate(message)) {
                index.refuse(position); // dropped, and confirmed like any enqueued message
                return true;
            }
            EffectiveQueueSettings current = effective;
            if (features.refuses(message, position, current)) {
                if (dedup != null) {
                    dedup.forget(message); // nacked: the publisher's retry is not a duplicate
                }
                return false;
            }
            long delay = current.delay();
            if (delay > 0) { // x-delay: the message waits before it is ready
                waiting.holdNew(message, position, delay, current);
                updateCounts();
                return true;
            }
            long entryId = index.add(message, position);
            features.added(entryId, message, current);
            stats.count(QueueStats.PUBLISHED);
            dispatchLocked();
            features.arrived(current);
            updateCounts();
            return true;
        } finally {
            unlockAndRoute();
        }
    }

    /**
     * Appends a message recovered from the log after a restart, with its delivery count. For the virtual host's
     * recovery only, before the queue serves anyone.
     */
    public void recover(long position, int deliveries) {
        recover(position, deliveries, null);
    }

    /**
     * As {@link #recover(long, int)}, with the message's stored record (valid during the call only; null: a message
     * published now, without a TTL). What the queue's features need comes from it: its timestamp and per-message TTL
     * (its expiry is recomputed from them; the TTL starts when the message became ready), its body size (for
     * {@code x-max-length-bytes}), a priority queue's priority and a grouped queue's group. A message whose
     * {@code x-delay} (or retry) is still running waits the rest of it: its due time is the record's timestamp plus
     * the queue's delay. What expired or went over the delivery limit meanwhile leaves in {@link #recovered()}.
     */
    public void recover(long position, int deliveries, MessageRecord record) {
        long publishedAt = record == null ? clock.millis() : record.timestampMillis();
        int bodySize = record == null ? 0 : record.bodyLength();
        long messageTtl = record == null ? Message.NO_TTL : RecoveredMessages.ttl(record);
        int priority = record != null && index.prioritized() ? RecoveredMessages.priority(record) : 0;
        String group = record != null && index.grouped() ? RecoveredMessages.header(record, index.groupHeader()) : null;
        lock.lock();
        try {
            EffectiveQueueSettings current = effective;
            long delay = Math.max(0, current.delay());
            if (record != null && (delay > 0 || publishedAt > clock.millis())
                    && waiting.recover(position, deliveries, publishedAt, delay, bodySize, messageTtl)) {
                return;
            }
            long readySince = publishedAt + delay < publishedAt ? Long.MAX_VALUE : publishedAt + delay;
            long entryId = index.recover(position, deliveries, priority, group);
            features.recovered(entryId, bodySize, deliveries, readySince, messageTtl, current);
            updateCounts();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The message log is open and the virtual host can route: dead-letters (or drops) what expired or went over its
     * delivery limit while the broker was down and enforces the length limit. Startup only.
     */
    public void recovered() {
        lock.lock();
        try {
            features.afterRecovery(effective);
            updateCounts();
        } finally {
            unlockAndRoute();
        }
    }

    /** A non-passive redeclaration: counts as a use for {@code x-expires}. */
    public void redeclared() {
        lock.lock();
        try {
            features.used();
        } finally {
            lock.unlock();
        }
    }

    /** Gives a queue restored at start its view of the log, once recovery has filled it. Startup only. */
    public void attach(QueueLog log) {
        lock.lock();
        try {
            index.attach(log);
            waiting.attached();
            updateCounts();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives the queue its virtual host's deduplication registry, which then tracks its window: a durable queue that
     * deduplicates restores its window from its log and logs the keys it accepts from now on. At creation or start,
     * before the queue takes messages.
     */
    public void attachDeduplication(DeduplicationLogs logs) {
        lock.lock();
        try {
            deduplicationLogs = logs;
            if (deduplication != null) {
                deduplication = logs.openQueue(toString(), id, settings.durable(), deduplication.settings());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeduplicationWindow deduplication() {
        return deduplication;
    }

    @Override
    public void addConsumer(Consumer consumer) {
        lock.lock();
        try {
            if (deleted) {
                throw EngineException.notFound(ResourceNames.noQueue(vhostName, name));
            }
            if (exclusiveConsumer != null || (consumer.exclusive() && !consumers.isEmpty())) {
                throw EngineException.accessRefused(ResourceNames.queue(vhostName, name) + " in exclusive use");
            }
            if (consumer.exclusive()) {
                exclusiveConsumer = consumer;
            }
            consumers.add(consumer);
            hadConsumer = true;
            features.consumersChanged(consumers.size());
            consumers.publishActive();
            dispatchLocked();
            updateCounts();
        } finally {
            unlockAndRoute();
        }
    }

    @Override
    public boolean removeConsumer(Consumer consumer) {
        boolean lastGone;
        lock.lock();
        try {
            int consumerId = consumers.idOf(consumer);
            if (!consumers.remove(consumer)) {
                return false;
            }
            if (index.grouped()) {
                index.consumerGone(consumerId);
                dispatchLocked(); // its groups go to the others
            }
            if (exclusiveConsumer == consumer) {
                exclusiveConsumer = null;
            }
            if (consumers.publishActive()) {
                dispatchLocked(); // the next single active consumer takes over
            }
            lastGone = settings.autoDelete() && hadConsumer && consumers.isEmpty() && !deleted;
            features.consumersChanged(consumers.size());
            updateCounts();
        } finally {
            lock.unlock();
        }
        // outside the lock: the virtual host takes its own lock first, then this queue's
        if (lastGone && autoDeleteHook != null) {
            autoDeleteHook.lastConsumerRemoved(this);
        }
        return true;
    }

    @Override
    public void dispatch() {
        lock.lock();
        try {
            consumers.unblockAll();
            dispatchLocked();
            updateCounts();
        } finally {
            unlockAndRoute();
        }
    }

    @Override
    public void ack(long entryId) {
        settle(entryId, true);
    }

    /** {@inheritDoc} With {@code x-retry-delays} left for it, the message comes back after the next delay. */
    @Override
    public void discard(long entryId) {
        if (retried(entryId)) {
            return;
        }
        settle(entryId, false);
    }

    /** Entries in the queue that are not ready yet: waiting out an {@code x-delay} or a retry delay. */
    public int waitingCount() {
        return waitingCount;
    }

    /**
     * {@inheritDoc} Also retries consumers that were refused credit before, since a requeue (reject, nack, recover)
     * comes with returned credit: return the consumer's credit first, then requeue.
     */
    @Override
    public void requeue(long entryId) {
        lock.lock();
        try {
            if (features.requeue(entryId, effective)) {
                stats.settled(entryId, index.unacked());
                // a requeue (reject, nack, recover, channel close) comes with returned credit
                consumers.unblockAll();
                dispatchLocked();
                updateCounts();
            }
        } finally {
            unlockAndRoute();
        }
    }

    @Override
    public void requeue(long[] entryIds, int count) {
        lock.lock();
        try {
            EffectiveQueueSettings current = effective;
            for (int i = 0; i < count; i++) {
                if (features.requeue(entryIds[i], current)) {
                    stats.settled(entryIds[i], index.unacked());
                }
            }
            consumers.unblockAll();
            dispatchLocked();
            updateCounts();
        } finally {
            unlockAndRoute();
        }
    }

    @Override
    public GetResult get(boolean noAck) {
        lock.lock();
        try {
            if (deleted) {
                return null;
            }
            Message message = dispatcher.takeForGet(noAck, effective);
            updateCounts();
            return message == null ? null
                    : new GetResult(dispatcher.gotId(), message, dispatcher.gotRedelivered(), messageCount);
        } finally {
            unlockAndRoute();
        }
    }

    @Override
    public int purge() {
        lock.lock();
        try {
            int purged = waiting.dropAll() + index.purge();
            features.purged();
            updateCounts();
            return purged;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes this queue's state: for its virtual host only, which then forgets the queue and its bindings. Checks
     * if-empty before if-unused, as RabbitMQ does; on success drops every message (ready and unacknowledged), removes
     * every consumer and tells each one ({@link Consumer#cancelledByQueue}).
     *
     * @return how many ready messages were dropped (queue.delete-ok's message count)
     * @throws EngineException PRECONDITION_FAILED when {@code ifEmpty} and messages are ready, or {@code ifUnused}
     *                         and consumers are subscribed
     */
    public int delete(boolean ifUnused, boolean ifEmpty) {
        lock.lock();
        try {
            if (deleted) {
                return 0;
            }
            if (ifEmpty && index.hasReady()) {
                throw EngineException.preconditionFailed(ResourceNames.queue(vhostName, name) + " not empty");
            }
            if (ifUnused && !consumers.isEmpty()) {
                throw EngineException.preconditionFailed(ResourceNames.queue(vhostName, name) + " in use");
            }
            return deleteLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes this queue unless a consumer subscribed since it lost its last one (the auto-delete race); for its
     * virtual host only.
     *
     * @return true if it was deleted
     */
    public boolean deleteIfUnused() {
        lock.lock();
        try {
            if (deleted || !consumers.isEmpty()) {
                return false;
            }
            deleteLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int messageCount() {
        return messageCount;
    }

    @Override
    public int consumerCount() {
        return consumerCount;
    }

    @Override
    public int unackedCount() {
        return unackedCount;
    }

    @Override
    public String singleActiveConsumerTag() {
        return consumers.activeTag();
    }

    @Override
    public boolean isDeleted() {
        return deleted;
    }

    @Override
    public QueueStats stats() {
        return stats;
    }

    /**
     * {@inheritDoc} Copies under the lock: requeued entries first (in id order, as they will go out), then the FIFO;
     * messages not kept in memory are read back from the log as their delivery would read them.
     */
    @Override
    public List<QueuedMessage> peek(int max) {
        lock.lock();
        try {
            List<QueuedMessage> out = new ArrayList<>(Math.max(0, Math.min(max, messageCount)));
            index.peek(max, out);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** {@inheritDoc} Settles the entry's reference in the log, so it does not come back after a restart. */
    @Override
    public boolean removeReady(long entryId) {
        lock.lock();
        try {
            boolean removed = index.removeReady(entryId);
            if (removed) {
                features.removedReady(entryId);
                updateCounts();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return ResourceNames.queue(vhostName, name);
    }

    private void settle(long entryId, boolean acknowledged) {
        lock.lock();
        try {
            if ((!acknowledged && features.rejected(entryId, effective)) || index.settle(entryId)) {
                features.settled(entryId);
                unackedCount = index.unackedCount();
                stats.settled(entryId, index.unacked());
                if (acknowledged) {
                    stats.count(QueueStats.ACKNOWLEDGED);
                }
                if (index.grouped()) {
                    dispatchLocked(); // the settled delivery may have held its group (basic.get) from a consumer
                    updateCounts();
                }
            }
        } finally {
            unlockAndRoute();
        }
    }

    private int deleteLocked() {
        deleted = true;
        waiting.dropAll();
        deduplicationLogs.release(deduplication);
        features.deleted();
        int dropped = index.dropAll();
        stats.unackedCleared();
        Consumer[] cancelled = consumers.toArray();
        consumers.clear();
        exclusiveConsumer = null;
        consumers.publishActive();
        updateCounts();
        for (Consumer consumer : cancelled) {
            consumer.cancelledByQueue(this);
        }
        return dropped;
    }

    /** Tries a retry instead of settling a rejected entry; true when the entry now waits for its retry. */
    private boolean retried(long entryId) {
        if (effective.retryDelays().isEmpty()) {
            return false;
        }
        lock.lock();
        try {
            if (deleted || !waiting.retry(entryId, effective)) {
                return false;
            }
            updateCounts();
            return true;
        } finally {
            unlockAndRoute();
        }
    }

    /**
     * The delays' timer task: makes the due entries ready (their TTL starts now), delivers them, then enforces
     * drop-head. Timer thread.
     */
    private void releaseWaiting() {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            waiting.releaseDue(effective);
            updateCounts();
        } finally {
            unlockAndRoute();
        }
    }

    /** Delivers while there are messages and a consumer with credit. Under the lock. */
    private void dispatchLocked() {
        dispatcher.dispatch(effective);
    }

    /**
     * Releases the lock and, if this was the outermost hold, routes the messages that died meanwhile to the dead
     * letter exchange (outside the lock, so never holding two queue locks), then settles their originals.
     */
    private void unlockAndRoute() {
        DeadLetterCollector.Batch batch = lock.getHoldCount() == 1 ? features.drainDeadLetters() : null;
        lock.unlock();
        if (batch != null) {
            features.route(batch, host, lock);
        }
    }

    /** The message TTL timer: expires what is due. Timer thread. */
    private void messageTimerFired() {
        lock.lock();
        try {
            if (!deleted) {
                features.messageTimerFired(effective);
                updateCounts();
            }
        } finally {
            unlockAndRoute();
        }
    }

    /** The queue expiry timer: asks the virtual host to delete the queue if it stayed unused. Timer thread. */
    private void queueTimerFired() {
        boolean expired;
        lock.lock();
        try {
            expired = !deleted && features.queueTimerFired() && consumers.isEmpty();
        } finally {
            lock.unlock();
        }
        QueueHost current = host;
        if (expired && current != null) {
            current.queueExpired(this); // outside the lock: the virtual host takes its own lock first
        }
    }

    /**
     * Deletes this queue if {@code x-expires} ran out and nothing used it since (checked again under the lock); for
     * its virtual host only. Its messages are dropped, not dead-lettered, as in RabbitMQ.
     *
     * @return true if it was deleted
     */
    public boolean deleteIfExpired() {
        lock.lock();
        try {
            if (deleted || !consumers.isEmpty() || !features.queueExpired()) {
                return false;
            }
            deleteLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Publishes the counts and the ready-side statistics. Under the lock. */
    private void updateCounts() {
        long oldestReady = index.oldestReadyPublishedAt(); // first: reading the head back may drop a damaged record
        messageCount = index.readyCount();
        unackedCount = index.unackedCount();
        consumerCount = consumers.size();
        waitingCount = waiting.size();
        stats.readyChanged(oldestReady, messageCount > 0 && consumerCount > 0);
    }
}
