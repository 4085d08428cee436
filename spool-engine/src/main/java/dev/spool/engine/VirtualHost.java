package dev.spool.engine;

import dev.spool.engine.deadletter.DeadLetter;
import dev.spool.engine.dedup.DeduplicationLogs;
import dev.spool.engine.dedup.DeduplicationSettings;
import dev.spool.engine.durable.BrokerStorage;
import dev.spool.engine.durable.DefinitionJournal;
import dev.spool.engine.durable.Definitions;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.exchange.DefaultExchange;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.lease.LeaseRequest;
import dev.spool.engine.message.Message;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.policy.ExchangeArguments;
import dev.spool.engine.policy.QueueArguments;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.MessageMemory;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueHost;
import dev.spool.engine.queue.QueueSettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A virtual host: its exchanges, queues and bindings, with RabbitMQ's rules for declaring, deleting, binding and
 * publishing (error conditions and detail texts as RabbitMQ words them). On a durable broker it journals its durable
 * exchanges, queues and bindings before changing them in memory, and stores persistent messages routed to durable
 * queues in its {@link MessageStore} before enqueueing them.
 *
 * <p><b>Threading.</b> Thread-safe; called from every channel's thread and from management. Declarations, deletions,
 * bindings and connection cleanup serialize on one definitions lock per virtual host, taken before any queue's lock.
 * The publish path takes no virtual-host lock: it finds exchanges and queues in concurrent maps and routes through
 * binding tables that are safely published for lock-free reads (see {@link dev.spool.engine.exchange}), then enqueues
 * into each routed queue under that queue's own lock.
 */
public final class VirtualHost implements QueueHost {
    private final String name;
    private final int id;
    private final Clock clock;
    /** Null for a virtual host kept in memory only. */
    private final BrokerStorage storage;
    private final DefinitionJournal journal;
    private final ConcurrentHashMap<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClassicQueue> queues = new ConcurrentHashMap<>();
    private final ReentrantLock definitions = new ReentrantLock();
    /** Guarded by {@link #definitions}. */
    private final BindingGraph graph;
    /** Changes guarded by {@link #definitions}. */
    private final QueueTable queueTable;
    /** Applies policies to the queues and exchanges; see its javadoc for its locking. */
    private final VhostPolicies policies;
    /** Set once at start (or creation) when the message log is open; null while in memory only. */
    private volatile MessageStore store;
    /** Where durable queues and exchanges keep their deduplication windows. */
    private final DeduplicationLogs deduplicationLogs;
    /** basic.publish and the messages the broker routes itself; told of the message log when it opens. */
    private final PublishPath publishing;

    public VirtualHost(String name) {
        this(name, Clock.system());
    }

    /** A virtual host kept in memory only, with the default and {@code amq.*} exchanges. */
    public VirtualHost(String name, Clock clock) {
        this(name, 0, clock, null, new AtomicInteger(), EffectiveQueueSettings.NONE);
    }

    /**
     * Creates the virtual host with the default exchange and the predeclared {@code amq.*} exchanges.
     *
     * @param id       names its message log directory
     * @param storage  the broker's storage, or null for a virtual host kept in memory only
     * @param queueIds the broker's queue id counter (ids are unique within the broker)
     * @param defaultConsumerTimeout the broker's consumer timeout in ms, or {@link EffectiveQueueSettings#NONE}:
     *                               what queues resolve their settings with
     */
    VirtualHost(String name, int id, Clock clock, BrokerStorage storage, AtomicInteger queueIds,
                long defaultConsumerTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.id = id;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storage = storage;
        this.journal = storage == null ? null : storage.journal();
        this.graph = new BindingGraph(name, exchanges, queues, journal);
        this.queueTable = new QueueTable(name, queues, graph, definitions, journal,
                storage == null ? MessageMemory.unlimited() : storage.memory(), queueIds, clock,
                defaultConsumerTimeout, this);
        this.deduplicationLogs = new DeduplicationLogs(storage == null ? null : storage.deduplicationDirectory(id),
                clock);
        queueTable.useDeduplicationLogs(deduplicationLogs);
        this.policies = new VhostPolicies(name, journal, queues, exchanges);
        this.publishing = new PublishPath(name, exchanges, clock);
        policies.useDefaultConsumerTimeout(defaultConsumerTimeout);
        exchanges.put("", new DefaultExchange(queues));
        predeclare("amq.direct", Exchange.DIRECT);
        predeclare("amq.fanout", Exchange.FANOUT);
        predeclare("amq.topic", Exchange.TOPIC);
        predeclare("amq.headers", Exchange.HEADERS);
        predeclare("amq.match", Exchange.HEADERS);
        // lease requests: the AMQP front end takes publishes to it before routing, so it routes nothing itself
        predeclare(LeaseRequest.EXCHANGE, Exchange.DIRECT);
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    /** Timers on the virtual host's clock (a {@link ManualTime} fires its own). */
    public Timers timers() {
        return Timers.of(clock);
    }

    /** The virtual host's policies and operator policies, applied to its queues and exchanges. */
    public VhostPolicies policies() {
        return policies;
    }

    // ---- exchanges ----------------------------------------------------------------------------------------------

    /**
     * exchange.declare.
     *
     * @throws EngineException COMMAND_INVALID for an unknown type; ACCESS_REFUSED for the default exchange and for a
     *                         new name starting with {@code amq.}; NOT_FOUND for a passive declare of a missing
     *                         exchange; PRECONDITION_FAILED when redeclared with other properties
     */
    public Exchange declareExchange(String name, String type, boolean passive, boolean durable, boolean autoDelete,
                                    boolean internal, Map<String, Object> arguments) {
        if (!passive && !Exchange.isDeclarableType(type)) {
            throw new EngineException(ErrorCondition.COMMAND_INVALID, "invalid exchange type '" + type + "'");
        }
        if (name.isEmpty()) {
            throw EngineException.accessRefused(BindingGraph.DEFAULT_EXCHANGE_REFUSED);
        }
        if (passive) {
            Exchange existing = exchanges.get(name);
            if (existing == null) {
                throw EngineException.notFound(ResourceNames.noExchange(this.name, name));
            }
            return existing;
        }
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        definitions.lock();
        try {
            Exchange existing = exchanges.get(name);
            if (existing != null) {
                Equivalence.assertExchange(existing, this.name, type, durable, autoDelete, internal, args);
                return existing;
            }
            if (name.startsWith("amq.")) {
                throw EngineException.accessRefused("exchange name '" + name + "' contains reserved prefix 'amq.*'");
            }
            String badDeduplication = DeduplicationSettings.checkExchangeArguments(this.name, name, args);
            if (badDeduplication != null) {
                throw EngineException.preconditionFailed(badDeduplication);
            }
            ExchangeArguments.checkDeclare(this.name, name, args);
            Exchange exchange = Exchange.create(name, type, durable, autoDelete, internal, args);
            if (durable && journal != null) {
                journal.putExchange(this.name, exchange);
            }
            exchange.attachDeduplication(deduplicationLogs);
            exchanges.put(name, exchange);
            startDelayed(exchange);
            policies.resolve(exchange);
            return exchange;
        } finally {
            definitions.unlock();
        }
    }

    /**
     * exchange.delete. Deleting a missing exchange succeeds, as in RabbitMQ. Removes the exchange's bindings in both
     * directions; source exchanges left without bindings are auto-deleted if declared so.
     *
     * @throws EngineException ACCESS_REFUSED for the default and {@code amq.*} exchanges; PRECONDITION_FAILED with
     *                         if-unused when the exchange is the source of a binding
     */
    public void deleteExchange(String name, boolean ifUnused) {
        if (name.isEmpty()) {
            throw EngineException.accessRefused(BindingGraph.DEFAULT_EXCHANGE_REFUSED);
        }
        if (name.startsWith("amq.")) {
            throw EngineException.accessRefused("deletion of system " + ResourceNames.exchange(this.name, name)
                    + " not allowed");
        }
        definitions.lock();
        try {
            Exchange exchange = exchanges.get(name);
            if (exchange == null) {
                return;
            }
            if (ifUnused && exchange.hasBindings()) {
                throw EngineException.preconditionFailed(ResourceNames.exchange(this.name, name) + " in use");
            }
            graph.deleteExchange(exchange);
        } finally {
            definitions.unlock();
        }
    }

    /** The exchange (the default exchange for ""), or null. */
    public Exchange findExchange(String name) {
        return exchanges.get(name);
    }

    // ---- queues -------------------------------------------------------------------------------------------------

    /**
     * queue.declare. An empty name asks for a server-named queue ({@code amq.gen-} and 22 url-safe base64
     * characters). An exclusive queue is never durable and belongs to {@code owner}.
     *
     * @param owner the declaring connection (an opaque token compared with {@code equals}); never null
     * @throws EngineException NOT_FOUND for a passive declare of a missing queue; RESOURCE_LOCKED for an exclusive
     *                         queue of another connection, or a redeclare with another exclusive flag;
     *                         ACCESS_REFUSED for a name starting with {@code amq.}; PRECONDITION_FAILED when
     *                         redeclared with other properties
     */
    public QueueDeclareResult declareQueue(String name, boolean passive, QueueSettings settings, Object owner) {
        if (passive) {
            Queue queue = queue(name, owner);
            return new QueueDeclareResult(name, queue.messageCount(), queue.consumerCount());
        }
        if (name.startsWith("amq.")) {
            throw EngineException.accessRefused("queue name '" + name + "' contains reserved prefix 'amq.*'");
        }
        String actualName = name.isEmpty() ? QueueTable.serverNamed() : name;
        QueueSettings effective = new QueueSettings(settings.durable() && !settings.exclusive(),
                settings.exclusive(), settings.autoDelete(),
                settings.arguments() == null ? Map.of() : settings.arguments());
        Object exclusiveOwner = settings.exclusive() ? Objects.requireNonNull(owner, "owner") : null;
        // RabbitMQ checks the arguments before it looks for an existing queue (so before the equivalence check)
        QueueArguments.checkDeclare(this.name, actualName, effective.arguments());
        definitions.lock();
        try {
            ClassicQueue existing = queues.get(actualName);
            if (existing != null) {
                Equivalence.assertQueue(existing, effective, exclusiveOwner);
                existing.redeclared();
                return new QueueDeclareResult(actualName, existing.messageCount(), existing.consumerCount());
            }
            policies.resolve(queueTable.create(actualName, effective, exclusiveOwner));
            return new QueueDeclareResult(actualName, 0, 0);
        } finally {
            definitions.unlock();
        }
    }

    /**
     * queue.delete. Deleting a missing queue succeeds with 0, as in RabbitMQ. Cancels the queue's consumers, drops its
     * messages and bindings (auto-deleting source exchanges left without bindings).
     *
     * @return how many ready messages were deleted
     * @throws EngineException RESOURCE_LOCKED for another connection's exclusive queue; PRECONDITION_FAILED for
     *                         if-empty with messages ready or if-unused with consumers
     */
    public int deleteQueue(String name, boolean ifUnused, boolean ifEmpty, Object owner) {
        definitions.lock();
        try {
            ClassicQueue queue = queues.get(name);
            return queue == null ? 0 : queueTable.delete(queue, ifUnused, ifEmpty, owner);
        } finally {
            definitions.unlock();
        }
    }

    /**
     * queue.purge: drops the ready messages (unacknowledged ones stay).
     *
     * @return how many went
     * @throws EngineException NOT_FOUND, RESOURCE_LOCKED as {@link #queue}
     */
    public int purgeQueue(String name, Object owner) {
        return queue(name, owner).purge();
    }

    /**
     * The queue for basic.consume and basic.get.
     *
     * @throws EngineException NOT_FOUND when missing; RESOURCE_LOCKED when exclusive to another connection
     */
    public Queue queue(String name, Object owner) {
        ClassicQueue queue = queues.get(name);
        if (queue == null) {
            throw EngineException.notFound(ResourceNames.noQueue(this.name, name));
        }
        ExclusiveAccess.check(queue, owner);
        return queue;
    }

    /** The queue, or null; no checks. */
    public Queue findQueue(String name) {
        return queues.get(name);
    }

    /** Deletes the exclusive queues {@code owner} declared (its connection closed). */
    public void connectionClosed(Object owner) {
        definitions.lock();
        try {
            queueTable.connectionClosed(owner);
        } finally {
            definitions.unlock();
        }
    }

    // ---- bindings -----------------------------------------------------------------------------------------------

    /**
     * queue.bind. Binding twice is a no-op.
     *
     * @throws EngineException ACCESS_REFUSED for the default exchange; NOT_FOUND for a missing exchange, then a
     *                         missing queue; PRECONDITION_FAILED for invalid binding arguments; RESOURCE_LOCKED for
     *                         another connection's exclusive queue
     */
    public void bindQueue(String queue, String exchange, String routingKey, Map<String, Object> arguments,
                          Object owner) {
        definitions.lock();
        try {
            graph.bindQueue(queue, exchange, routingKey, arguments, owner);
        } finally {
            definitions.unlock();
        }
    }

    /**
     * queue.unbind. Unbinding what is not bound (or a missing queue or exchange) succeeds, as in RabbitMQ. A source
     * exchange left without bindings is auto-deleted if declared so.
     *
     * @throws EngineException ACCESS_REFUSED for the default exchange; RESOURCE_LOCKED for another connection's
     *                         exclusive queue
     */
    public void unbindQueue(String queue, String exchange, String routingKey, Map<String, Object> arguments,
                            Object owner) {
        definitions.lock();
        try {
            graph.unbindQueue(queue, exchange, routingKey, arguments, owner);
        } finally {
            definitions.unlock();
        }
    }

    /**
     * exchange.bind: messages routed by {@code source} also go through {@code destination}.
     *
     * @throws EngineException ACCESS_REFUSED for the default exchange; NOT_FOUND for a missing source, then a missing
     *                         destination; PRECONDITION_FAILED for invalid binding arguments
     */
    public void bindExchange(String destination, String source, String routingKey, Map<String, Object> arguments) {
        definitions.lock();
        try {
            graph.bindExchange(destination, source, routingKey, arguments);
        } finally {
            definitions.unlock();
        }
    }

    /**
     * exchange.unbind. Unbinding what is not bound succeeds.
     *
     * @throws EngineException ACCESS_REFUSED for the default exchange
     */
    public void unbindExchange(String destination, String source, String routingKey, Map<String, Object> arguments) {
        definitions.lock();
        try {
            graph.unbindExchange(destination, source, routingKey, arguments);
        } finally {
            definitions.unlock();
        }
    }

    // ---- publish ------------------------------------------------------------------------------------------------

    /**
     * basic.publish: routes the message and enqueues it into every routed queue; see {@link PublishPath#publish}.
     *
     * @throws EngineException NOT_FOUND for a missing exchange; ACCESS_REFUSED for an internal exchange
     */
    public int publish(String exchange, Message message, PublishScratch scratch, long token) {
        return publishing.publish(exchange, message, scratch, token, false);
    }

    /**
     * As {@link #publish(String, Message, PublishScratch, long)}, knowing whether the publish was {@code mandatory}:
     * that decides whether an {@code x-delayed-message} exchange keeps a delayed message no binding would route now
     * (see {@link DelayedPublishing}).
     */
    public int publish(String exchange, Message message, PublishScratch scratch, long token, boolean mandatory) {
        return publishing.publish(exchange, message, scratch, token, mandatory);
    }

    /** {@inheritDoc} See {@link PublishPath#publishDeadLetter}. */
    @Override
    public void publishDeadLetter(Message message, DeadLetter letter) {
        publishing.publishDeadLetter(message, letter);
    }

    @Override
    public void queueExpired(ClassicQueue queue) {
        queueTable.expired(queue);
    }

    // ---- durability -----------------------------------------------------------------------------------------------

    /**
     * Restores durable exchanges, queues and bindings read back from the definitions journal, without journaling them
     * again. At start only, before the message log is opened and before any client connects.
     */
    public void restore(List<Definitions.ExchangeRecord> exchangeRecords, List<Definitions.QueueRecord> queueRecords,
                        List<Definitions.BindingRecord> bindingRecords) {
        definitions.lock();
        try {
            for (Definitions.ExchangeRecord e : exchangeRecords) {
                Exchange exchange = Exchange.create(e.name(), e.type(), true, e.autoDelete(), e.internal(),
                        e.arguments());
                if (exchanges.putIfAbsent(e.name(), exchange) == null) {
                    exchange.attachDeduplication(deduplicationLogs);
                }
            }
            for (Definitions.QueueRecord q : queueRecords) {
                queueTable.restore(q);
            }
            for (Definitions.BindingRecord b : bindingRecords) {
                graph.restore(b.binding());
            }
            policies.reresolveAll();
        } finally {
            definitions.unlock();
        }
    }

    /** Restores a policy or operator policy read back from the journal (before {@link #restore}). At start only. */
    public void restorePolicy(CompiledPolicy policy) {
        policies.restore(policy);
    }

    /** Opens the message log, recovering the durable queues' messages into them. Once, at start or creation. */
    void openStore() throws IOException {
        definitions.lock();
        try {
            if (store != null || storage == null) {
                throw new IllegalStateException(this + " has a message log already, or no storage");
            }
            store = MessageStore.open(name, id, storage, queues.values(), exchanges);
            publishing.useStore(store);
            queueTable.storeOpened(store);
            for (Exchange exchange : exchanges.values()) {
                startDelayed(exchange);
            }
            deduplicationLogs.deleteOrphans(durableDeduplicationFiles());
        } finally {
            definitions.unlock();
        }
        // with the store open, what expired or went over its delivery limit while the broker was down leaves now
        for (ClassicQueue queue : queues.values()) {
            queue.recovered();
        }
    }

    /**
     * The virtual host is being deleted and its queues are gone: deletes its exchanges with their bindings (from the
     * journal too, so a virtual host created later under the same name starts empty) and closes its message log.
     */
    void delete() throws IOException {
        policies.deleteAll();
        definitions.lock();
        try {
            for (Exchange exchange : new ArrayList<>(exchanges.values())) {
                if (!exchange.name().isEmpty()) {
                    graph.deleteExchange(exchange);
                }
            }
        } finally {
            definitions.unlock();
        }
        close();
    }

    /** Closes the message log once no client can publish any more (broker shutdown). */
    void close() throws IOException {
        deduplicationLogs.close();
        MessageStore current = store;
        if (current != null) {
            current.close();
        }
    }

    int id() {
        return id;
    }

    // ---- for management -----------------------------------------------------------------------------------------

    /**
     * Duplicates dropped by this virtual host's queues (those that exist now), without walking the queues: what the
     * aggregated metrics report.
     */
    public long queueDeduplicationHits() {
        return deduplicationLogs.queueHits();
    }

    /** Duplicates dropped by this virtual host's exchanges before routing (those that exist now). */
    public long exchangeDeduplicationHits() {
        return deduplicationLogs.exchangeHits();
    }

    /** The live queues (a weakly consistent view). */
    public Collection<Queue> queues() {
        return Collections.unmodifiableCollection(queues.values());
    }

    /** The exchanges, the default exchange included (a weakly consistent view). */
    public Collection<Exchange> exchanges() {
        return Collections.unmodifiableCollection(exchanges.values());
    }

    /** A snapshot of every binding: the default exchange's implicit one per queue first, then the explicit ones. */
    public List<Binding> bindings() {
        definitions.lock();
        try {
            List<Binding> all = new ArrayList<>();
            for (String queueName : queues.keySet()) {
                all.add(new Binding("", queueName, true, queueName, Map.of()));
            }
            all.addAll(graph.explicitBindings());
            return all;
        } finally {
            definitions.unlock();
        }
    }

    @Override
    public String toString() {
        return "vhost '" + name + "'";
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    /** Starts a delayed exchange's release timer (with the log, when it is open). */
    private void startDelayed(Exchange exchange) {
        if (exchange instanceof DelayedMessageExchange delayed && (store != null || storage == null)) {
            DelayedPublishing.start(delayed, store, clock, timers(), (source, message, scratch) -> {
                publishing.routeAndEnqueue(source, message, scratch, 0, null);
            });
        }
    }

    /** The deduplication log names every durable queue and exchange may use (deduplicating now or not). */
    private Set<String> durableDeduplicationFiles() {
        Set<String> live = new HashSet<>();
        for (ClassicQueue queue : queues.values()) {
            if (queue.settings().durable()) {
                live.add(DeduplicationLogs.queueFile(queue.id()));
            }
        }
        for (Exchange exchange : exchanges.values()) {
            if (exchange.durable()) {
                live.add(DeduplicationLogs.exchangeFile(exchange.name()));
            }
        }
        return live;
    }

    private void predeclare(String exchangeName, String type) {
        // recreated at every start, so never journaled
        exchanges.put(exchangeName, Exchange.create(exchangeName, type, true, false, false, Map.of()));
    }
}
