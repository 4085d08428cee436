package dev.spool.engine.exchange;

import dev.spool.engine.message.Message;

import java.util.Map;

/** Routes to every binding, whatever the routing key. The table is one copy-on-write array. */
public final class FanoutExchange extends Exchange {
    private volatile Destination[] destinations = Destination.NONE;

    FanoutExchange(String name, boolean durable, boolean autoDelete, boolean internal, Map<String, Object> arguments) {
        super(name, durable, autoDelete, internal, arguments);
    }

    @Override
    public String type() {
        return FANOUT;
    }

    @Override
    public int route(Message message, RoutedQueues out) {
        Destination[] current = destinations;
        for (Destination d : current) {
            d.addTo(out);
        }
        return current.length;
    }

    @Override
    void addRoute(Destination destination) {
        destinations = Destination.append(destinations, destination);
    }

    @Override
    void removeRoute(Destination destination) {
        destinations = Destination.remove(destinations, destination);
    }
}
