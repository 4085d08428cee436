package dev.spool.engine.exchange;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.QueueSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binds named test queues to one exchange and reports which of them a message routes to. */
final class Routes {
    private final Exchange exchange;
    private final Map<String, ClassicQueue> queues = new HashMap<>();
    private final RoutedQueues scratch = new RoutedQueues();

    Routes(Exchange exchange) {
        this.exchange = exchange;
    }

    static ClassicQueue queue(String name) {
        return new ClassicQueue(name, "/", new QueueSettings(false, false, false, Map.of()), null, null);
    }

    Binding bind(String queue, String key) {
        return bind(queue, key, Map.of());
    }

    Binding bind(String queue, String key, Map<String, Object> arguments) {
        Binding binding = new Binding(exchange.name(), queue, true, key, arguments);
        exchange.validateBinding(binding);
        exchange.bind(binding, queues.computeIfAbsent(queue, Routes::queue));
        return binding;
    }

    void unbind(Binding binding) {
        exchange.unbind(binding);
    }

    /** The names of the queues the message routes to, in routing order. */
    List<String> route(Message message) {
        scratch.clear();
        exchange.route(message, scratch);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < scratch.size(); i++) {
            names.add(scratch.get(i).name());
        }
        return names;
    }
}
