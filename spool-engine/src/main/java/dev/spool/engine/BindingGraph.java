package dev.spool.engine;

import dev.spool.engine.durable.DefinitionJournal;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.queue.ClassicQueue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A virtual host's bindings as a graph: adds and removes them with RabbitMQ's checks, indexes them by destination
 * (bindings by source live in each exchange) and keeps the deletion rules in one place: deleting a queue or exchange
 * removes every binding that points at it, deleting an exchange also removes its own, and a source exchange declared
 * auto-delete goes once its last binding does, cascading. On a durable broker every change of a durable exchange or
 * binding (both ends durable) goes to the definitions journal first, cascades included.
 *
 * <p>Not thread-safe: every method runs under the owning virtual host's definitions lock, which also guards the
 * exchange and queue maps' changes (the maps are concurrent so that publishers read them without it).
 */
final class BindingGraph {
    static final String DEFAULT_EXCHANGE_REFUSED = "operation not permitted on the default exchange";

    private final String vhost;
    private final Map<String, Exchange> exchanges;
    private final Map<String, ClassicQueue> queues;
    private final Map<String, Set<Binding>> toQueues = new HashMap<>();
    private final Map<String, Set<Binding>> toExchanges = new HashMap<>();
    /** Null for a virtual host kept in memory only. */
    private final DefinitionJournal journal;

    BindingGraph(String vhost, Map<String, Exchange> exchanges, Map<String, ClassicQueue> queues,
                 DefinitionJournal journal) {
        this.vhost = vhost;
        this.exchanges = exchanges;
        this.queues = queues;
        this.journal = journal;
    }

    /** Adds a binding read back from the journal at start (its ends exist), without journaling it again. */
    void restore(Binding binding) {
        Exchange source = exchanges.get(binding.source());
        Object destination = binding.destinationIsQueue() ? queues.get(binding.destination())
                : exchanges.get(binding.destination());
        if (source != null && destination != null && source.bind(binding, destination)) {
            index(binding);
        }
    }

    void bindQueue(String queue, String exchange, String routingKey, Map<String, Object> arguments, Object owner) {
        refuseDefaultExchange(exchange);
        Exchange source = existingExchange(exchange);
        ClassicQueue destination = queues.get(queue);
        if (destination == null) {
            throw EngineException.notFound(ResourceNames.noQueue(vhost, queue));
        }
        Binding binding = new Binding(exchange, queue, true, routingKey, arguments);
        source.validateBinding(binding);
        ExclusiveAccess.check(destination, owner);
        add(source, binding, destination);
    }

    void unbindQueue(String queue, String exchange, String routingKey, Map<String, Object> arguments, Object owner) {
        refuseDefaultExchange(exchange);
        Exchange source = exchanges.get(exchange);
        ClassicQueue destination = queues.get(queue);
        Binding binding = new Binding(exchange, queue, true, routingKey, arguments);
        if (source == null || destination == null || !source.isBound(binding)) {
            return;
        }
        ExclusiveAccess.check(destination, owner);
        remove(source, binding);
    }

    void bindExchange(String destination, String source, String routingKey, Map<String, Object> arguments) {
        refuseDefaultExchange(source);
        refuseDefaultExchange(destination);
        Exchange from = existingExchange(source);
        Exchange to = existingExchange(destination);
        Binding binding = new Binding(source, destination, false, routingKey, arguments);
        from.validateBinding(binding);
        add(from, binding, to);
    }

    void unbindExchange(String destination, String source, String routingKey, Map<String, Object> arguments) {
        refuseDefaultExchange(source);
        refuseDefaultExchange(destination);
        Exchange from = exchanges.get(source);
        Binding binding = new Binding(source, destination, false, routingKey, arguments);
        if (from != null && from.isBound(binding)) {
            remove(from, binding);
        }
    }

    /** Forgets a deleted queue's bindings, auto-deleting their sources as needed. */
    void queueDeleted(ClassicQueue queue) {
        unbindAllTo(toQueues, queue.name());
    }

    /** Deletes an exchange: removes it, its bindings both ways, and cascades auto-delete. */
    void deleteExchange(Exchange exchange) {
        if (journal != null && exchange.durable()) {
            journal.deleteExchange(vhost, exchange.name());
        }
        exchanges.remove(exchange.name(), exchange);
        if (exchange instanceof DelayedMessageExchange delayed) {
            delayed.waiting().discardAll();
        }
        exchange.releaseDeduplication();
        for (Binding binding : exchange.bindings()) {
            forget(exchange, binding);
            exchange.unbind(binding);
            unindex(binding);
        }
        unbindAllTo(toExchanges, exchange.name());
    }

    /** Every explicit binding. */
    List<Binding> explicitBindings() {
        List<Binding> all = new ArrayList<>();
        for (Exchange exchange : exchanges.values()) {
            all.addAll(exchange.bindings());
        }
        return all;
    }

    private Exchange existingExchange(String name) {
        Exchange exchange = exchanges.get(name);
        if (exchange == null) {
            throw EngineException.notFound(ResourceNames.noExchange(vhost, name));
        }
        return exchange;
    }

    /** RabbitMQ refuses any binding from or to the default exchange. */
    static void refuseDefaultExchange(String exchange) {
        if (exchange.isEmpty()) {
            throw EngineException.accessRefused(DEFAULT_EXCHANGE_REFUSED);
        }
    }

    private void add(Exchange source, Binding binding, Object destination) {
        if (source.isBound(binding)) {
            return;
        }
        if (journal != null && source.durable() && isDurable(destination)) {
            journal.putBinding(vhost, binding);
        }
        if (source.bind(binding, destination)) {
            index(binding);
        }
    }

    private void index(Binding binding) {
        Map<String, Set<Binding>> index = binding.destinationIsQueue() ? toQueues : toExchanges;
        index.computeIfAbsent(binding.destination(), d -> new LinkedHashSet<>()).add(binding);
    }

    private static boolean isDurable(Object destination) {
        return destination instanceof ClassicQueue queue ? queue.settings().durable()
                : ((Exchange) destination).durable();
    }

    /** Drops a binding of a durable source from the journal, if it is there (a lookup only when it is not). */
    private void forget(Exchange source, Binding binding) {
        if (journal != null && source.durable()) {
            journal.deleteBinding(vhost, binding);
        }
    }

    private void remove(Exchange source, Binding binding) {
        forget(source, binding);
        if (source.unbind(binding)) {
            unindex(binding);
            autoDeleteIfUnbound(source);
        }
    }

    private void unindex(Binding binding) {
        Map<String, Set<Binding>> index = binding.destinationIsQueue() ? toQueues : toExchanges;
        Set<Binding> set = index.get(binding.destination());
        if (set != null && set.remove(binding) && set.isEmpty()) {
            index.remove(binding.destination());
        }
    }

    private void unbindAllTo(Map<String, Set<Binding>> index, String destination) {
        Set<Binding> bindings = index.remove(destination);
        if (bindings == null) {
            return;
        }
        for (Binding binding : bindings) {
            Exchange source = exchanges.get(binding.source());
            if (source == null) {
                continue;
            }
            forget(source, binding);
            if (source.unbind(binding)) {
                autoDeleteIfUnbound(source);
            }
        }
    }

    private void autoDeleteIfUnbound(Exchange exchange) {
        if (exchange.autoDelete() && !exchange.hasBindings() && exchanges.get(exchange.name()) == exchange) {
            deleteExchange(exchange);
        }
    }
}
