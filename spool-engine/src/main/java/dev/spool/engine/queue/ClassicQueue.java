package dev.spool.engine.queue;

import dev.spool.engine.Clock;
import dev.spool.engine.EngineException;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.message.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The classic queue, in memory for now: a FIFO of entries, each with a monotonically increasing {@code long} entry id
 * (the message's future position in the store), consumers served by priority and round-robin, and an index of
 * delivered, unacknowledged entries.
 *
 * <p><b>Threading.</b> All state is owned by one {@link ReentrantLock} per queue; there is no lock shared between
 * queues. Publishers (enqueue), channels (consume, settle, get) and the virtual host (delete, purge) each take it
 * briefly, from whatever thread they run on. {@link Consumer} callbacks run under this lock (see its contract: they
 * must not block or call back into any queue or virtual host). The counts are volatile copies written under the lock,
 * so readers on other threads never take it.
 *
 * <p><b>Order.</b> Entries never delivered wait in {@link ReadyEntries}; an entry requeued after delivery goes to
 * {@link RequeuedEntries}, a min-heap drained first, which restores it to its original position. Unacknowledged
 * entries sit in a {@link LongObjectMap} keyed by entry id; no-ack deliveries are forgotten at once.
 */
public final class ClassicQueue implements Queue {
    private final String name;
    private final String vhostName;
    private final QueueSettings settings;
    private final Object exclusiveOwner;
    private final AutoDeleteHook autoDeleteHook;
    private final QueueStats stats;

    private final ReentrantLock lock = new ReentrantLock();
    private final ReadyEntries ready = new ReadyEntries();
    private final RequeuedEntries requeued = new RequeuedEntries();
    private final LongObjectMap<Message> unacked = new LongObjectMap<>();
    private final ConsumerRoster consumers = new ConsumerRoster();
    private Consumer exclusiveConsumer;
    private boolean hadConsumer;
    private long nextEntryId = 1;

    private volatile boolean deleted;
    private volatile int messageCount;
    private volatile int unackedCount;
    private volatile int consumerCount;

    /**
     * @param name           the queue's name
     * @param vhostName      its virtual host's name (for error texts)
     * @param settings       what it was declared with
     * @param exclusiveOwner the owning connection's token for an exclusive queue, else null
     * @param autoDeleteHook told when an auto-delete queue lost its last consumer (null: never)
     */
    public ClassicQueue(String name, String vhostName, QueueSettings settings, Object exclusiveOwner,
                        AutoDeleteHook autoDeleteHook) {
        this(name, vhostName, settings, exclusiveOwner, autoDeleteHook, Clock.system());
    }

    /** As above, with the clock that times deliveries for {@link QueueStats} (its coarse view is used). */
    public ClassicQueue(String name, String vhostName, QueueSettings settings, Object exclusiveOwner,
                        AutoDeleteHook autoDeleteHook, Clock clock) {
        this.stats = new QueueStats(clock.coarse());
        this.name = Objects.requireNonNull(name, "name");
        this.vhostName = Objects.requireNonNull(vhostName, "vhostName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.exclusiveOwner = exclusiveOwner;
        this.autoDeleteHook = autoDeleteHook;
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
    public Object exclusiveOwner() {
        return exclusiveOwner;
    }

    @Override
    public void enqueue(Message message) {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            ready.add(nextEntryId++, message);
            stats.count(QueueStats.PUBLISHED);
            dispatchLocked();
            updateCounts();
        } finally {
            lock.unlock();
        }
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
            dispatchLocked();
            updateCounts();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean removeConsumer(Consumer consumer) {
        boolean lastGone;
        lock.lock();
        try {
            if (!consumers.remove(consumer)) {
                return false;
            }
            if (exclusiveConsumer == consumer) {
                exclusiveConsumer = null;
            }
            lastGone = settings.autoDelete() && hadConsumer && consumers.isEmpty() && !deleted;
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
            lock.unlock();
        }
    }

    @Override
    public void ack(long entryId) {
        settle(entryId, true);
    }

    @Override
    public void discard(long entryId) {
        settle(entryId, false);
    }

    /**
     * {@inheritDoc} Also retries consumers that were refused credit before, since a requeue (reject, nack, recover)
     * comes with returned credit: return the consumer's credit first, then requeue.
     */
    @Override
    public void requeue(long entryId) {
        lock.lock();
        try {
            Message message = unacked.remove(entryId);
            if (message != null) {
                requeued.add(entryId, message);
                stats.settled(entryId, unacked);
                // a requeue (reject, nack, recover, channel close) comes with returned credit
                consumers.unblockAll();
                dispatchLocked();
                updateCounts();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void requeue(long[] entryIds, int count) {
        lock.lock();
        try {
            for (int i = 0; i < count; i++) {
                Message message = unacked.remove(entryIds[i]);
                if (message != null) {
                    requeued.add(entryIds[i], message);
                    stats.settled(entryIds[i], unacked);
                }
            }
            consumers.unblockAll();
            dispatchLocked();
            updateCounts();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public GetResult get(boolean noAck) {
        lock.lock();
        try {
            if (deleted || !hasReady()) {
                return null;
            }
            boolean redelivered = !requeued.isEmpty();
            long entryId = redelivered ? requeued.minId() : ready.headId();
            Message message = takeNext(redelivered);
            if (!noAck) {
                unacked.put(entryId, message);
                stats.delivered(entryId);
            }
            stats.count(noAck ? QueueStats.GET_NO_ACK : QueueStats.GET);
            if (redelivered) {
                stats.count(QueueStats.REDELIVERED);
            }
            updateCounts();
            return new GetResult(entryId, message, redelivered, messageCount);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int purge() {
        lock.lock();
        try {
            int purged = ready.size() + requeued.size();
            ready.clear();
            requeued.clear();
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
            if (ifEmpty && hasReady()) {
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
    public QueueStats stats() {
        return stats;
    }

    /**
     * {@inheritDoc} Copies under the lock: requeued entries first (in id order, as they will go out), then the FIFO.
     */
    @Override
    public List<QueuedMessage> peek(int max) {
        lock.lock();
        try {
            List<QueuedMessage> out = new ArrayList<>(Math.min(max, messageCount));
            requeued.copySmallest(max, out);
            for (int i = 0; i < ready.size() && out.size() < max; i++) {
                out.add(new QueuedMessage(ready.idAt(i), ready.messageAt(i), false));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean removeReady(long entryId) {
        lock.lock();
        try {
            boolean removed = requeued.remove(entryId) || ready.remove(entryId);
            if (removed) {
                updateCounts();
            }
            return removed;
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
    public boolean isDeleted() {
        return deleted;
    }

    @Override
    public String toString() {
        return ResourceNames.queue(vhostName, name);
    }

    private void settle(long entryId, boolean acknowledged) {
        lock.lock();
        try {
            if (unacked.remove(entryId) != null) {
                unackedCount = unacked.size();
                stats.settled(entryId, unacked);
                if (acknowledged) {
                    stats.count(QueueStats.ACKNOWLEDGED);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private int deleteLocked() {
        int dropped = ready.size() + requeued.size();
        deleted = true;
        ready.clear();
        requeued.clear();
        unacked.clear();
        stats.unackedCleared();
        Consumer[] cancelled = consumers.toArray();
        consumers.clear();
        exclusiveConsumer = null;
        updateCounts();
        for (Consumer consumer : cancelled) {
            consumer.cancelledByQueue(this);
        }
        return dropped;
    }

    private boolean hasReady() {
        return !requeued.isEmpty() || !ready.isEmpty();
    }

    /** Delivers while there are messages and a consumer with credit. Under the lock. */
    private void dispatchLocked() {
        while (hasReady() && !consumers.allBlocked()) {
            Consumer consumer = consumers.nextWithCredit();
            if (consumer == null) {
                return;
            }
            boolean redelivered = !requeued.isEmpty();
            long entryId = redelivered ? requeued.minId() : ready.headId();
            Message message = takeNext(redelivered);
            if (!consumer.noAck()) {
                unacked.put(entryId, message);
                stats.delivered(entryId);
            }
            stats.count(consumer.noAck() ? QueueStats.DELIVERED_NO_ACK : QueueStats.DELIVERED);
            if (redelivered) {
                stats.count(QueueStats.REDELIVERED);
            }
            consumer.deliver(this, entryId, message, redelivered);
        }
    }

    private Message takeNext(boolean fromRequeued) {
        Message message;
        if (fromRequeued) {
            message = requeued.minMessage();
            requeued.removeMin();
        } else {
            message = ready.headMessage();
            ready.removeHead();
        }
        return message;
    }

    private void updateCounts() {
        messageCount = ready.size() + requeued.size();
        unackedCount = unacked.size();
        consumerCount = consumers.size();
        stats.readyChanged(oldestReadyPublishedAt(), messageCount > 0 && consumerCount > 0);
    }

    /** When the next message to go out was published, or 0. Under the lock. */
    private long oldestReadyPublishedAt() {
        if (!requeued.isEmpty()) {
            return requeued.minMessage().publishedAtMillis();
        }
        return ready.isEmpty() ? 0L : ready.headMessage().publishedAtMillis();
    }
}
