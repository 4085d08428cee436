package dev.spool.engine;

import dev.spool.engine.dedup.DeduplicationLogs;
import dev.spool.engine.durable.DefinitionJournal;
import dev.spool.engine.durable.Definitions;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.queue.AutoDeleteHook;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.MessageMemory;
import dev.spool.engine.queue.QueueHost;
import dev.spool.engine.queue.QueueSettings;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The life of a virtual host's queues: creating one (its broker-wide id, its view of the message log, its journal
 * record when durable, its exclusive owner), restoring the durable ones at start, and deleting one (journal, maps,
 * bindings), whether by queue.delete, its owner's connection closing, or auto-delete. The name-to-queue map itself is
 * the virtual host's, shared with the binding graph and the default exchange, and read by publishers without a lock.
 *
 * <p>Not thread-safe on its own: every change runs under the virtual host's definitions lock, which callers hold
 * (auto-delete takes it here, since a queue calls that outside any lock).
 */
final class QueueTable implements AutoDeleteHook {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String vhost;
    private final ConcurrentHashMap<String, ClassicQueue> queues;
    private final BindingGraph graph;
    private final ReentrantLock definitions;
    /** Null for a virtual host kept in memory only. */
    private final DefinitionJournal journal;
    private final MessageMemory memory;
    private final AtomicInteger queueIds;
    /** Times deliveries for each queue's statistics. */
    private final Clock clock;
    /** The broker's consumer timeout, or {@link EffectiveQueueSettings#NONE}: every queue resolves with it. */
    private final long defaultConsumerTimeout;
    /** Exclusive queue names by owning connection. */
    private final Map<Object, Set<String>> exclusiveQueues = new HashMap<>();
    /** Routes the queues' dead letters and deletes expired queues. */
    private final QueueHost host;
    /** The message log, once open; null for a virtual host kept in memory only. */
    private volatile MessageStore store;
    /** Where durable queues keep their deduplication windows. */
    private DeduplicationLogs deduplicationLogs = DeduplicationLogs.IN_MEMORY;

    QueueTable(String vhost, ConcurrentHashMap<String, ClassicQueue> queues, BindingGraph graph,
               ReentrantLock definitions, DefinitionJournal journal, MessageMemory memory, AtomicInteger queueIds,
               Clock clock, long defaultConsumerTimeout, QueueHost host) {
        this.host = host;
        this.vhost = vhost;
        this.queues = queues;
        this.graph = graph;
        this.definitions = definitions;
        this.journal = journal;
        this.memory = memory;
        this.queueIds = queueIds;
        this.clock = clock;
        this.defaultConsumerTimeout = defaultConsumerTimeout;
    }

    /** RabbitMQ's server-generated queue name: {@code amq.gen-} and 22 url-safe base64 characters. */
    static String serverNamed() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "amq.gen-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Where queues created or restored from now on keep their deduplication windows. Construction only. */
    void useDeduplicationLogs(DeduplicationLogs logs) {
        this.deduplicationLogs = logs;
    }

    /** The message log is open: queues created from now on get their view of it. */
    void storeOpened(MessageStore opened) {
        this.store = opened;
    }

    /**
     * Creates a queue that does not exist yet, journaling it first when it is durable. Definitions lock.
     *
     * @param settings       already normalized (an exclusive queue is never durable)
     * @param exclusiveOwner the owning connection of an exclusive queue, else null
     */
    ClassicQueue create(String name, QueueSettings settings, Object exclusiveOwner) {
        int queueId = queueIds.incrementAndGet();
        MessageStore current = store;
        ClassicQueue queue = new ClassicQueue(queueId, name, vhost, settings, exclusiveOwner, this, memory,
                current == null ? null : current.queueLog(queueId, name), clock);
        queue.connect(host);
        applyDefaults(queue);
        if (settings.durable() && journal != null) {
            journal.putQueue(vhost, queue);
        }
        queue.attachDeduplication(deduplicationLogs);
        queues.put(name, queue);
        if (exclusiveOwner != null) {
            exclusiveQueues.computeIfAbsent(exclusiveOwner, o -> new LinkedHashSet<>()).add(name);
        }
        return queue;
    }

    /** Recreates a durable queue read back from the journal, without journaling it again. At start only. */
    void restore(Definitions.QueueRecord record) {
        QueueSettings settings = new QueueSettings(true, false, record.autoDelete(), record.arguments());
        ClassicQueue queue = new ClassicQueue(record.id(), record.name(), vhost, settings, null, this, memory, null,
                clock);
        queue.connect(host);
        queue.attachDeduplication(deduplicationLogs);
        applyDefaults(queue);
        queues.put(record.name(), queue);
    }

    /** Resolves a new queue's settings with the broker's defaults (policies re-resolve them later). */
    private void applyDefaults(ClassicQueue queue) {
        queue.applySettings(EffectiveQueueSettings.resolve(queue.settings().arguments(), null, null,
                defaultConsumerTimeout));
    }

    /** queue.delete of an existing queue: checks, drops its messages, forgets it. Definitions lock. */
    int delete(ClassicQueue queue, boolean ifUnused, boolean ifEmpty, Object owner) {
        ExclusiveAccess.check(queue, owner);
        int deleted = queue.delete(ifUnused, ifEmpty);
        forget(queue);
        return deleted;
    }

    /** Deletes the exclusive queues {@code owner} declared (its connection closed). Definitions lock. */
    void connectionClosed(Object owner) {
        Set<String> names = exclusiveQueues.remove(owner);
        if (names == null) {
            return;
        }
        for (String name : names) {
            ClassicQueue queue = queues.get(name);
            if (queue != null && owner.equals(queue.exclusiveOwner())) {
                queue.delete(false, false);
                forget(queue);
            }
        }
    }

    /** Called by an auto-delete queue that lost its last consumer, outside the queue's lock. */
    @Override
    public void lastConsumerRemoved(ClassicQueue queue) {
        definitions.lock();
        try {
            if (queues.get(queue.name()) == queue && queue.deleteIfUnused()) {
                forget(queue);
            }
        } finally {
            definitions.unlock();
        }
    }

    /** A queue whose {@code x-expires} ran out, outside its lock: deleted unless used meanwhile. */
    void expired(ClassicQueue queue) {
        definitions.lock();
        try {
            if (queues.get(queue.name()) == queue && queue.deleteIfExpired()) {
                forget(queue);
            }
        } finally {
            definitions.unlock();
        }
    }

    /**
     * Removes a deleted queue: its journal record (if durable), then its map entries and its bindings, the latter even
     * when the journal write fails (the queue is deleted in memory already). Definitions lock.
     */
    private void forget(ClassicQueue queue) {
        try {
            if (journal != null && queue.settings().durable()) {
                journal.deleteQueue(vhost, queue.name());
            }
        } finally {
            queues.remove(queue.name(), queue);
            Object owner = queue.exclusiveOwner();
            if (owner != null) {
                Set<String> owned = exclusiveQueues.get(owner);
                if (owned != null && owned.remove(queue.name()) && owned.isEmpty()) {
                    exclusiveQueues.remove(owner);
                }
            }
            graph.queueDeleted(queue);
        }
    }
}
