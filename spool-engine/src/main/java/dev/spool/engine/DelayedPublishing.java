package dev.spool.engine;

import dev.spool.engine.delay.DelayHeader;
import dev.spool.engine.delay.DelayedMessages;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.exchange.RoutedQueues;
import dev.spool.engine.exchange.Router;
import dev.spool.engine.message.Message;
import dev.spool.store.format.LogPosition;

import java.util.Map;

/**
 * The virtual host's side of the {@code x-delayed-message} exchange: holding a publish with a positive
 * {@code x-delay} (stored in the message log, confirmed once stored) and starting an exchange's release timer, whose
 * released messages are routed through the exchange's bindings like a fresh publish. Stateless.
 *
 * <p><b>mandatory.</b> The plugin cannot return delayed messages (its routing happens later, with no publisher to
 * return to). Spool evaluates {@code mandatory} at publish time against the bindings as they are then: a mandatory
 * delayed message that no binding would route now is returned ({@code 312 NO_ROUTE}) and not kept; one that some
 * binding would route is kept, and is routed by the bindings as they are when it is due (dropped if none matches
 * then). A delayed message published without {@code mandatory} is always kept.
 */
final class DelayedPublishing {
    private DelayedPublishing() {
    }

    /**
     * Holds {@code message} for {@code delay} ms.
     *
     * @param store the message log, or null for a virtual host kept in memory
     * @return 0 when returned as unroutable (mandatory and no binding matches now), else at least 1
     */
    static int hold(DelayedMessageExchange exchange, Message message, long delay, boolean mandatory,
                    PublishScratch scratch, long token, MessageStore store, Map<String, Exchange> exchanges,
                    Clock clock) {
        RoutedQueues routed = scratch.routed();
        Router.route(exchange, message, exchanges, routed);
        int matching = routed.size();
        routed.clear();
        scratch.outcome(false, false);
        if (matching == 0 && mandatory) {
            return 0;
        }
        long now = clock.millis();
        long dueAt = now + delay < now ? Long.MAX_VALUE : now + delay;
        if (store == null) {
            exchange.waiting().addInMemory(dueAt, message);
        } else {
            long position = store.storeDelayed(exchange, message, dueAt, scratch, token);
            if (position == LogPosition.NONE) {
                return Math.max(1, matching);
            }
            exchange.waiting().add(dueAt, position);
        }
        return Math.max(1, matching);
    }

    /**
     * Starts releasing {@code exchange}'s delayed messages (at creation, or at start once the log has recovered
     * them): each due message is rebuilt with {@code x-delay} negated and routed by {@code route} on the timer thread,
     * one at a time (the exchange's release lock), so one scratch serves them all.
     */
    static void start(DelayedMessageExchange exchange, MessageStore store, Clock clock, Timers timers,
                      Route route) {
        DelayedMessages waiting = exchange.waiting();
        if (store != null) {
            waiting.attach(store.delayLog(exchange.name()));
        }
        PublishScratch scratch = new PublishScratch(null);
        waiting.start(clock, timers, message -> {
            try {
                route.route(exchange, DelayHeader.released(message, clock.millis()), scratch);
            } finally {
                scratch.routed().clear();
            }
        });
    }

    /** Routes and enqueues a released message (the virtual host's publish path after the delay check). */
    @FunctionalInterface
    interface Route {
        void route(Exchange source, Message message, PublishScratch scratch);
    }
}
