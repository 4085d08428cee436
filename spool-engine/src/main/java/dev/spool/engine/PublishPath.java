package dev.spool.engine;

import dev.spool.engine.deadletter.DeadLetter;
import dev.spool.engine.dedup.DeduplicationWindow;
import dev.spool.engine.delay.DelayHeader;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.exchange.RoutedQueues;
import dev.spool.engine.exchange.Router;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.store.format.LogPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A virtual host's publish path: basic.publish (exchange checks, exchange-level deduplication, the delayed-exchange
 * hold, routing, storing once for every durable queue, enqueueing) and the messages the broker routes itself (dead
 * letters, delayed messages when they leave). Holds no lock of its own: the exchanges are a concurrent map, the
 * message log has its append lock, each queue its own lock.
 */
final class PublishPath {
    private final String vhost;
    private final Map<String, Exchange> exchanges;
    private final Clock clock;
    /** Null until the virtual host opens its message log (and for one kept in memory only). */
    private volatile MessageStore store;

    PublishPath(String vhost, Map<String, Exchange> exchanges, Clock clock) {
        this.vhost = vhost;
        this.exchanges = exchanges;
        this.clock = clock;
    }

    /** The virtual host's message log, once open. */
    void useStore(MessageStore messageStore) {
        this.store = messageStore;
    }

    /**
     * basic.publish: routes the message and enqueues it into every routed queue. A persistent message routed to a
     * durable queue is first stored, once for all its queues; if that fails, no queue gets it (with a callback in the
     * scratch, it hears so). Lock-free until the log's append lock and each queue's own lock; allocates nothing given a
     * warmed-up {@code scratch}.
     *
     * <p>An exchange declared with {@code x-message-deduplication} drops a duplicate before routing: 0 is returned
     * and {@link PublishScratch#deduplicated()} is set, so the publisher is confirmed and not sent basic.return (a
     * duplicate is not unroutable). Only the exchange named here deduplicates, not those the message reaches from it.
     *
     * <p>{@code mandatory} decides whether an {@code x-delayed-message} exchange keeps a delayed message no binding
     * would route now (see {@link DelayedPublishing}).
     *
     * @param scratch the channel's reusable scratch; holds the routed queues afterwards, and tells whether the message
     *                awaits the disk ({@link PublishScratch#awaitsDisk()})
     * @param token   passed to the scratch's callback when the message is stored (e.g. the confirm sequence number); 0
     *                for no callback
     * @return how many queues it was routed to (0: unroutable, basic.return 312 NO_ROUTE when mandatory, unless
     *         {@link PublishScratch#deduplicated()})
     * @throws EngineException NOT_FOUND for a missing exchange; ACCESS_REFUSED for an internal exchange
     */
    int publish(String exchange, Message message, PublishScratch scratch, long token, boolean mandatory) {
        Exchange source = exchanges.get(exchange);
        if (source == null) {
            throw EngineException.notFound(ResourceNames.noExchange(vhost, exchange));
        }
        if (source.internal()) {
            throw EngineException.accessRefused("cannot publish to internal "
                    + ResourceNames.exchange(vhost, exchange));
        }
        scratch.outcome(false, false);
        scratch.refused(false); // a duplicate or a held delayed message is refused by no queue
        DeduplicationWindow deduplication = source.deduplication();
        boolean duplicate = deduplication != null && deduplication.isDuplicate(message);
        scratch.deduplicated(duplicate);
        if (duplicate) { // checked once, at publish: a delayed message is not checked again when it leaves
            scratch.routed().clear();
            return 0;
        }
        if (source instanceof DelayedMessageExchange delayed) {
            long delay = DelayHeader.delayOf(message.headers());
            if (delay > DelayHeader.NO_DELAY) {
                return DelayedPublishing.hold(delayed, message, delay, mandatory, scratch, token, store, exchanges,
                        clock);
            }
        }
        return routeAndEnqueue(source, message, scratch, token, deduplication);
    }

    /**
     * Routes from {@code source} and enqueues, storing first when needed: the publish path after its checks.
     *
     * @param deduplication the window that remembered the message at publish, told to forget it when storing fails
     *                      (the publisher's retry is then no duplicate); null when none did
     */
    int routeAndEnqueue(Exchange source, Message message, PublishScratch scratch, long token,
                                DeduplicationWindow deduplication) {
        RoutedQueues routed = scratch.routed();
        scratch.outcome(false, false);
        scratch.deduplicated(false);
        Router.route(source, message, exchanges, routed);
        int count = routed.size();
        source.stats().published(count);
        long position = LogPosition.NONE;
        MessageStore current = store;
        if (current != null && MessageStore.mustStore(message, routed)) {
            position = current.store(message, scratch, token);
            if (position == LogPosition.NONE) {
                if (deduplication != null) {
                    deduplication.forget(message); // lost after all: the publisher's retry is not a duplicate
                }
                return count;
            }
        }
        boolean refused = false;
        for (int i = 0; i < count; i++) {
            refused |= !routed.get(i).offer(message, position);
        }
        scratch.refused(refused);
        return count;
    }

    /**
     * Routes a dead letter (see {@link dev.spool.engine.queue.QueueHost#publishDeadLetter}) like a publish (exchange-to-exchange bindings, alternate exchanges), then leaves out the
     * queues where the dead letter would cycle. Runs on the thread of whatever made the message die, outside every
     * queue lock.
     */
    void publishDeadLetter(Message message, DeadLetter letter) {
        Exchange source = exchanges.get(letter.exchange());
        if (source == null) {
            return; // as RabbitMQ: a missing dead letter exchange drops the message
        }
        RoutedQueues routed = new RoutedQueues();
        Router.route(source, message, exchanges, routed);
        List<ClassicQueue> targets = new ArrayList<>(routed.size());
        boolean durable = false;
        for (int i = 0; i < routed.size(); i++) {
            ClassicQueue queue = (ClassicQueue) routed.get(i);
            if (!letter.dropsAt(queue.name())) {
                targets.add(queue);
                durable |= queue.settings().durable();
            }
        }
        long position = LogPosition.NONE;
        MessageStore current = store;
        if (current != null && durable && message.persistent()) {
            position = current.storeDeadLetter(message, targets);
            if (position == LogPosition.NONE) {
                return;
            }
        }
        for (ClassicQueue queue : targets) {
            queue.offer(message, position);
        }
    }
}
