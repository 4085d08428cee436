package dev.spool.engine.exchange;

import dev.spool.engine.queue.Queue;

import java.util.Arrays;

/**
 * A binding resolved to the object it delivers to, as binding tables store it so that routing never looks a name up.
 * Exactly one of {@link #queue} and {@link #exchange} is set. Immutable.
 */
final class Destination {
    final Binding binding;
    final Queue queue;
    final Exchange exchange;

    Destination(Binding binding, Object target) {
        this.binding = binding;
        if (target instanceof Queue) {
            this.queue = (Queue) target;
            this.exchange = null;
        } else if (target instanceof Exchange) {
            this.queue = null;
            this.exchange = (Exchange) target;
        } else {
            throw new IllegalArgumentException("a binding delivers to a queue or an exchange, not " + target);
        }
    }

    /** Hands the destination to the routing scratch. Hot path. */
    void addTo(RoutedQueues out) {
        if (queue != null) {
            out.addQueue(queue);
        } else {
            out.addExchange(exchange);
        }
    }

    static Destination[] append(Destination[] array, Destination d) {
        Destination[] grown = Arrays.copyOf(array, array.length + 1);
        grown[array.length] = d;
        return grown;
    }

    /** The array without {@code d} (by identity), or the same array when absent. */
    static Destination[] remove(Destination[] array, Destination d) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == d) {
                Destination[] shrunk = new Destination[array.length - 1];
                System.arraycopy(array, 0, shrunk, 0, i);
                System.arraycopy(array, i + 1, shrunk, i, array.length - i - 1);
                return shrunk;
            }
        }
        return array;
    }

    static final Destination[] NONE = new Destination[0];
}
