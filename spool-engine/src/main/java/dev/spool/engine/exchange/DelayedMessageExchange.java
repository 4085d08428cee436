package dev.spool.engine.exchange;

import dev.spool.engine.delay.DelayedExchangeArguments;
import dev.spool.engine.delay.DelayedMessages;
import dev.spool.engine.message.Message;

import java.util.Map;

/**
 * The {@code x-delayed-message} exchange (the rabbitmq-delayed-message-exchange plugin's interface): it routes as
 * the exchange type named by its {@code x-delayed-type} argument, which it wraps, and holds the messages published
 * to it with a positive {@code x-delay} header in its {@link DelayedMessages} until they are due. The virtual host
 * decides which publishes wait ({@link dev.spool.engine.delay.DelayHeader}); {@link #route} always routes at once,
 * through the wrapped type's bindings.
 *
 * <p><b>Threading.</b> As every exchange: {@link #route} lock-free on publishers' threads, binding changes under the
 * virtual host's definitions lock (delegated to the wrapped exchange). The waiting messages have their own lock.
 */
public final class DelayedMessageExchange extends Exchange {
    private final Exchange routing;
    private final DelayedMessages waiting;

    DelayedMessageExchange(String name, boolean durable, boolean autoDelete, boolean internal,
                           Map<String, Object> arguments) {
        super(name, durable, autoDelete, internal, arguments);
        String routingType = DelayedExchangeArguments.checkDeclare(arguments);
        this.routing = Exchange.create(name, routingType, durable, autoDelete, internal, arguments);
        this.waiting = new DelayedMessages(name, durable);
    }

    @Override
    public String type() {
        return DelayedExchangeArguments.TYPE;
    }

    /** How messages are routed once due: "direct", "fanout", "topic" or "headers". */
    public String delayedType() {
        return routing.type();
    }

    /** The messages waiting for their delay to pass. */
    public DelayedMessages waiting() {
        return waiting;
    }

    @Override
    public int route(Message message, RoutedQueues out) {
        return routing.route(message, out);
    }

    @Override
    public void validateBinding(Binding binding) {
        routing.validateBinding(binding);
    }

    @Override
    void addRoute(Destination destination) {
        routing.addRoute(destination);
    }

    @Override
    void removeRoute(Destination destination) {
        routing.removeRoute(destination);
    }
}
