package dev.spool.engine.exchange;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.Queue;

import java.util.List;
import java.util.Map;

/**
 * The default exchange (named ""): a durable direct exchange implicitly bound to every queue of its virtual host with
 * the queue's name as binding key. It has no binding table of its own; it routes by looking each routing key up in the
 * virtual host's queues. It cannot be bound, unbound, declared or deleted: the virtual host refuses those.
 */
public final class DefaultExchange extends Exchange {
    private final Map<String, ? extends Queue> queues;

    /** @param queues the virtual host's live queues by name (a concurrent map, read without locking) */
    public DefaultExchange(Map<String, ? extends Queue> queues) {
        super("", true, false, false, Map.of());
        this.queues = queues;
    }

    @Override
    public String type() {
        return DIRECT;
    }

    @Override
    public int route(Message message, RoutedQueues out) {
        int matched = 0;
        int keys = routingKeyCount(message);
        for (int k = 0; k < keys; k++) {
            Queue queue = queues.get(routingKey(message, k));
            if (queue != null) {
                out.addQueue(queue);
                matched++;
            }
        }
        return matched;
    }

    @Override
    public boolean hasBindings() {
        return false;
    }

    /** The implicit bindings are listed by the virtual host; this table holds none. */
    @Override
    public List<Binding> bindings() {
        return List.of();
    }

    @Override
    void addRoute(Destination destination) {
        throw new UnsupportedOperationException("the default exchange cannot be bound");
    }

    @Override
    void removeRoute(Destination destination) {
        throw new UnsupportedOperationException("the default exchange cannot be unbound");
    }
}
