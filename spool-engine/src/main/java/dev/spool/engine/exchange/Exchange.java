package dev.spool.engine.exchange;

import dev.spool.engine.delay.DelayedExchangeArguments;
import dev.spool.engine.dedup.DeduplicationLogs;
import dev.spool.engine.dedup.DeduplicationSettings;
import dev.spool.engine.dedup.DeduplicationWindow;
import dev.spool.engine.message.Message;
import dev.spool.engine.policy.CompiledPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exchange: its declared properties and its bindings (as source). Each type is a small final class that keeps its
 * own routing table and answers {@link #route}.
 *
 * <p><b>Threading.</b> Properties are immutable. {@link #bind} and {@link #unbind} change the binding table and are
 * called by the owning {@link dev.spool.engine.VirtualHost} under its definitions lock, one writer at a time; go
 * through the virtual host, which also keeps its destination index and the auto-delete rules. {@link #route} runs on
 * any number of publisher threads at once, without locks, against safely published tables; a publish racing a binding
 * change sees the table either before or after it.
 */
public abstract sealed class Exchange
        permits DefaultExchange, DirectExchange, FanoutExchange, TopicExchange, HeadersExchange, DelayedMessageExchange {
    public static final String DIRECT = "direct";
    public static final String FANOUT = "fanout";
    public static final String TOPIC = "topic";
    public static final String HEADERS = "headers";

    private final String name;
    private final boolean durable;
    private final boolean autoDelete;
    private final boolean internal;
    private final Map<String, Object> arguments;
    private final String alternateExchange;
    /** The policy that applies to this exchange, or null; swapped by the virtual host when policies change. */
    private volatile CompiledPolicy policy;
    private final ConcurrentHashMap<Binding, Destination> bindings = new ConcurrentHashMap<>();
    /** Null unless declared with {@code x-message-deduplication}; replaced once when its durable log is attached. */
    private volatile DeduplicationWindow deduplication;
    private final ExchangeStats stats = new ExchangeStats();

    Exchange(String name, boolean durable, boolean autoDelete, boolean internal, Map<String, Object> arguments) {
        this.name = Objects.requireNonNull(name, "name");
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.internal = internal;
        this.arguments = arguments == null ? Map.of() : arguments;
        Object alternate = this.arguments.get("alternate-exchange");
        this.alternateExchange = alternate == null ? null : alternate.toString();
        this.deduplication = DeduplicationLogs.IN_MEMORY.openExchange(toString(), name, false,
                DeduplicationSettings.from(this.arguments, "x-"));
    }

    /** True for the types this broker implements: direct, fanout, topic, headers. */
    public static boolean isKnownType(String type) {
        return DIRECT.equals(type) || FANOUT.equals(type) || TOPIC.equals(type) || HEADERS.equals(type);
    }

    /** True for the types {@code exchange.declare} accepts: the known types and {@code x-delayed-message}. */
    public static boolean isDeclarableType(String type) {
        return isKnownType(type) || DelayedExchangeArguments.TYPE.equals(type);
    }

    /**
     * Creates an exchange of a declarable type.
     *
     * @throws IllegalArgumentException for an unknown type (the virtual host rejects those first)
     * @throws dev.spool.engine.EngineException for an {@code x-delayed-message} exchange without a valid
     *                                          {@code x-delayed-type}
     */
    public static Exchange create(String name, String type, boolean durable, boolean autoDelete, boolean internal,
                                  Map<String, Object> arguments) {
        switch (type) {
            case DIRECT:
                return new DirectExchange(name, durable, autoDelete, internal, arguments);
            case FANOUT:
                return new FanoutExchange(name, durable, autoDelete, internal, arguments);
            case TOPIC:
                return new TopicExchange(name, durable, autoDelete, internal, arguments);
            case HEADERS:
                return new HeadersExchange(name, durable, autoDelete, internal, arguments);
            case DelayedExchangeArguments.TYPE:
                return new DelayedMessageExchange(name, durable, autoDelete, internal, arguments);
            default:
                throw new IllegalArgumentException("unknown exchange type " + type);
        }
    }

    public final String name() {
        return name;
    }

    /** "direct", "fanout", "topic" or "headers". */
    public abstract String type();

    public final boolean durable() {
        return durable;
    }

    public final boolean autoDelete() {
        return autoDelete;
    }

    public final boolean internal() {
        return internal;
    }

    /** The declare arguments (never null). */
    public final Map<String, Object> arguments() {
        return arguments;
    }

    /** Messages published to and routed from this exchange (management's publish_in and publish_out). */
    public final ExchangeStats stats() {
        return stats;
    }

    /**
     * Where unroutable messages go: the {@code alternate-exchange} argument, else the {@code alternate-exchange} key
     * of the policy that applies (the argument wins, as in RabbitMQ), or null. Read only for unroutable messages.
     */
    public final String alternateExchange() {
        if (alternateExchange != null) {
            return alternateExchange;
        }
        CompiledPolicy current = policy;
        Object fromPolicy = current == null ? null : current.get("alternate-exchange");
        return fromPolicy == null ? null : fromPolicy.toString();
    }

    /** The policy that applies to this exchange (its effective policy), or null. Read without a lock. */
    public final CompiledPolicy policy() {
        return policy;
    }

    /**
     * Swaps in the policy that applies now (null for none). Called by the virtual host at creation, at recovery and
     * whenever its policies change; any thread.
     */
    public final void applyPolicy(CompiledPolicy policy) {
        this.policy = policy;
    }

    /**
     * The window of an exchange declared with {@code x-message-deduplication}, or null: the virtual host checks a
     * message published to this exchange against it before routing.
     */
    public final DeduplicationWindow deduplication() {
        return deduplication;
    }

    /**
     * Hands the exchange's window over to its virtual host's registry, which tracks it: a durable exchange that
     * deduplicates restores its window from its log and logs the keys it accepts from now on. Called by the virtual
     * host at declaration or start, before anything is published to it.
     */
    public final void attachDeduplication(DeduplicationLogs logs) {
        DeduplicationWindow current = deduplication;
        if (current != null) {
            deduplication = logs.openExchange(toString(), name, durable, current.settings());
        }
    }

    /** The exchange is deleted: its deduplication log goes with it. */
    public final void releaseDeduplication() {
        DeduplicationWindow current = deduplication;
        if (current != null) {
            current.delete();
        }
    }

    /**
     * Adds to {@code out} every destination whose binding matches {@code message}, for the published routing key and
     * each CC/BCC key where the type routes by key. Hot path: allocates nothing.
     *
     * @return how many bindings matched, duplicates included; 0 sends the message to the alternate exchange
     */
    public abstract int route(Message message, RoutedQueues out);

    /**
     * Checks a binding's arguments before it is added (the headers exchange validates {@code x-match}).
     *
     * @throws dev.spool.engine.EngineException PRECONDITION_FAILED for invalid arguments
     */
    public void validateBinding(Binding binding) {
    }

    /**
     * Adds a binding with this exchange as source. Called by the virtual host under its definitions lock.
     *
     * @param target the destination object: a {@link dev.spool.engine.queue.Queue} or an {@link Exchange}
     * @return false when the same binding already existed (nothing changes)
     */
    public final boolean bind(Binding binding, Object target) {
        if (bindings.containsKey(binding)) {
            return false;
        }
        Destination destination = new Destination(binding, target);
        addRoute(destination);
        bindings.put(binding, destination);
        return true;
    }

    /**
     * Removes a binding with this exchange as source. Called by the virtual host under its definitions lock.
     *
     * @return false when there was no such binding
     */
    public final boolean unbind(Binding binding) {
        Destination destination = bindings.remove(binding);
        if (destination == null) {
            return false;
        }
        removeRoute(destination);
        return true;
    }

    public final boolean isBound(Binding binding) {
        return bindings.containsKey(binding);
    }

    /** True when this exchange is the source of at least one binding. */
    public boolean hasBindings() {
        return !bindings.isEmpty();
    }

    /** A snapshot of the bindings with this exchange as source. */
    public List<Binding> bindings() {
        return new ArrayList<>(bindings.keySet());
    }

    @Override
    public String toString() {
        return type() + " exchange '" + name + "'";
    }

    /** Adds a destination to the routing table. Single writer. */
    abstract void addRoute(Destination destination);

    /** Removes a destination (by identity) from the routing table. Single writer. */
    abstract void removeRoute(Destination destination);

    /** How many routing keys a message carries: the published one plus CC and BCC. */
    static int routingKeyCount(Message message) {
        return 1 + message.extraRoutingKeys().size();
    }

    /** The {@code i}-th routing key: 0 is the published one, then CC and BCC. */
    static String routingKey(Message message, int i) {
        return i == 0 ? message.routingKey() : message.extraRoutingKeys().get(i - 1);
    }
}
