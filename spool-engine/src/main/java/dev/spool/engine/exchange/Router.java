package dev.spool.engine.exchange;

import dev.spool.engine.message.Message;

import java.util.Map;

/**
 * Routes a message from the exchange it was published to, as RabbitMQ's {@code rabbit_exchange:route/3} does: each
 * exchange reached adds its matching queues and schedules its matching destination exchanges (each exchange visited
 * once, so binding cycles end); an exchange whose own bindings match nothing hands the message to its
 * {@code alternate-exchange}, if that exists. Stateless; called on publishers' threads without locks.
 */
public final class Router {
    private Router() {
    }

    /**
     * @param source    the exchange named in basic.publish
     * @param message   the message
     * @param exchanges the virtual host's exchanges by name (for alternate exchanges)
     * @param out       cleared, then filled with the routed queues
     */
    public static void route(Exchange source, Message message, Map<String, ? extends Exchange> exchanges,
                             RoutedQueues out) {
        out.clear();
        out.addExchange(source);
        Exchange exchange;
        while ((exchange = out.nextExchange()) != null) {
            int matched = exchange.route(message, out);
            if (matched == 0) {
                String alternateName = exchange.alternateExchange();
                if (alternateName != null) {
                    Exchange alternate = exchanges.get(alternateName);
                    if (alternate != null) {
                        out.addExchange(alternate);
                    }
                }
            }
        }
    }
}
