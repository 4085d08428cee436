package dev.spool.engine.exchange;

import dev.spool.engine.queue.Queue;

import java.util.Arrays;

/**
 * Reusable per-channel scratch for one publish at a time: collects the queues a message is routed to, each at most
 * once, and the exchanges still to visit and already visited while following exchange-to-exchange bindings (so cycles
 * end). After {@link dev.spool.engine.VirtualHost#publish} returns it holds the routed queues: {@link #size()},
 * {@link #get(int)}. Clearing keeps its arrays, so publishing allocates nothing here.
 *
 * <p>Not thread-safe: one per channel, used by that channel's thread only.
 */
public final class RoutedQueues {
    private final ScratchIdentitySet queues = new ScratchIdentitySet();
    private final ScratchIdentitySet seenExchanges = new ScratchIdentitySet();
    private Exchange[] pending = new Exchange[4];
    private int pendingSize;

    public RoutedQueues() {
    }

    /** How many distinct queues the last publish was routed to. */
    public int size() {
        return queues.size();
    }

    /** The {@code i}-th routed queue, in routing order. */
    public Queue get(int i) {
        if (i < 0 || i >= queues.size()) {
            throw new IndexOutOfBoundsException(i);
        }
        return (Queue) queues.get(i);
    }

    public void clear() {
        queues.clear();
        seenExchanges.clear();
        Arrays.fill(pending, 0, pendingSize, null);
        pendingSize = 0;
    }

    /** Adds a routed queue unless already routed. */
    void addQueue(Queue queue) {
        queues.add(queue);
    }

    /** Schedules an exchange to route through, unless it was already visited or scheduled for this publish. */
    void addExchange(Exchange exchange) {
        if (seenExchanges.add(exchange)) {
            if (pendingSize == pending.length) {
                pending = Arrays.copyOf(pending, pendingSize << 1);
            }
            pending[pendingSize++] = exchange;
        }
    }

    /** The next exchange to route through, or null when done. */
    Exchange nextExchange() {
        if (pendingSize == 0) {
            return null;
        }
        Exchange next = pending[--pendingSize];
        pending[pendingSize] = null;
        return next;
    }
}
