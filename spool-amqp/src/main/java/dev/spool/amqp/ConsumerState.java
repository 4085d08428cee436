package dev.spool.amqp;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.Consumer;
import dev.spool.engine.queue.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One basic.consume subscription, as the engine sees it. Queues call {@link #tryAcquireCredit()}, {@link #deliver}
 * and {@link #cancelledByQueue} from any thread under their own locks; those only count credit and hand the delivery
 * to the connection's {@link DeliveryOutbox}. Everything else (writing frames, delivery tags, returning credit) runs
 * on the connection's event loop.
 *
 * <p>Credit is refused when the connection's outbox or socket is full (so a consumer
 * that does not read cannot grow broker memory), or, for an acknowledging consumer, when its own prefetch (fixed at
 * basic.consume, as RabbitMQ applies basic.qos only to later consumers) or the channel-wide prefetch is used up.
 * A consumer refused for its own prefetch sets {@code starved} before re-checking, and the event loop returns credit
 * before reading {@code starved}: one of the two sees the other, so the queue is always dispatched again.
 */
final class ConsumerState implements Consumer {
    private final String tag;
    private final boolean noAck;
    private final boolean exclusive;
    private final int priority;
    private final int prefetch;
    private final AmqpChannel channel;
    private final Queue queue;
    private final ChannelCredit channelCredit;
    private final DeliveryOutbox outbox;
    private final AtomicInteger unacked = new AtomicInteger();
    private volatile boolean starved;
    private volatile boolean cancelled;
    /** Deliveries of this consumer that timed out since it last settled one ({@link ConsumerLeases}). Event loop. */
    private int timeoutsInARow;

    ConsumerState(String tag, boolean noAck, boolean exclusive, int priority, int prefetch, AmqpChannel channel,
                  Queue queue, ChannelCredit channelCredit, DeliveryOutbox outbox) {
        this.tag = tag;
        this.noAck = noAck;
        this.exclusive = exclusive;
        this.priority = priority;
        this.prefetch = prefetch;
        this.channel = channel;
        this.queue = queue;
        this.channelCredit = channelCredit;
        this.outbox = outbox;
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public boolean noAck() {
        return noAck;
    }

    @Override
    public boolean exclusive() {
        return exclusive;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public boolean tryAcquireCredit() {
        if (cancelled || !outbox.reserveRoom()) {
            return false;
        }
        if (noAck) {
            return true;
        }
        if (!acquireOwn()) {
            return false;
        }
        if (!channelCredit.tryAcquire()) {
            unacked.decrementAndGet();
            return false;
        }
        return true;
    }

    private boolean acquireOwn() {
        for (;;) {
            int current = unacked.get();
            if (prefetch != 0 && current >= prefetch) {
                starved = true;
                if (unacked.get() >= prefetch) {
                    return false;
                }
                continue;
            }
            if (unacked.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    @Override
    public void deliver(Queue from, long entryId, Message message, boolean redelivered) {
        outbox.offer(new Delivery(this, from, entryId, message, redelivered));
    }

    @Override
    public void cancelledByQueue(Queue from) {
        cancelled = true;
        outbox.offer(Delivery.cancellation(this, from));
    }

    /** One of its deliveries timed out; returns how many did in a row. Event loop. */
    int timedOut() {
        return ++timeoutsInARow;
    }

    /** It settled a delivery: it is alive, its count of timeouts in a row starts again. Event loop. */
    void settledOne() {
        timeoutsInARow = 0;
    }

    /** Whether the consumer was cancelled (by its client, its queue, or the channel). Any thread. */
    boolean isCancelled() {
        return cancelled;
    }

    /** The channel that owns this consumer. */
    AmqpChannel channel() {
        return channel;
    }

    Queue queue() {
        return queue;
    }

    /** Stops credit for good (basic.cancel, channel closing). Event loop. */
    void cancel() {
        cancelled = true;
    }

    /** Returns the credit of one settled delivery, to this consumer and its channel. Event loop. */
    void returnCredit() {
        unacked.decrementAndGet();
        channelCredit.release();
    }

    /** After credit came back: asks the queue to dispatch again if it was refused for lack of it. Event loop. */
    void dispatchIfStarved() {
        if (starved) {
            starved = false;
            if (!cancelled) {
                queue.dispatch();
            }
        }
    }

    int unacked() {
        return unacked.get();
    }
}
