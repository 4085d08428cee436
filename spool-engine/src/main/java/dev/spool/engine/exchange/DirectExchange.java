package dev.spool.engine.exchange;

import dev.spool.engine.message.Message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes on routing key equality. The table maps each binding key to a copy-on-write array of destinations, so a
 * publish costs one hash lookup per routing key.
 */
public final class DirectExchange extends Exchange {
    private final ConcurrentHashMap<String, Destination[]> byKey = new ConcurrentHashMap<>();

    DirectExchange(String name, boolean durable, boolean autoDelete, boolean internal, Map<String, Object> arguments) {
        super(name, durable, autoDelete, internal, arguments);
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
            Destination[] destinations = byKey.get(routingKey(message, k));
            if (destinations != null) {
                for (Destination d : destinations) {
                    d.addTo(out);
                }
                matched += destinations.length;
            }
        }
        return matched;
    }

    @Override
    void addRoute(Destination destination) {
        String key = destination.binding.routingKey();
        Destination[] current = byKey.get(key);
        byKey.put(key, Destination.append(current == null ? Destination.NONE : current, destination));
    }

    @Override
    void removeRoute(Destination destination) {
        String key = destination.binding.routingKey();
        Destination[] current = byKey.get(key);
        if (current == null) {
            return;
        }
        Destination[] remaining = Destination.remove(current, destination);
        if (remaining.length == 0) {
            byKey.remove(key);
        } else {
            byKey.put(key, remaining);
        }
    }
}
