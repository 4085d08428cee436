package dev.spool.amqp;

import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries deliveries from queues (any thread, under the queue's lock) to the connection's event loop: a
 * multi-producer single-consumer queue drained by one task, scheduled at most once while the queue is non-empty.
 * The drain hands each delivery to its channel (which assigns the delivery tag, records it unacknowledged and writes
 * the frames) and flushes once per batch.
 *
 * <p>It also bounds memory per connection, so that a consumer that stops reading its socket cannot make the broker
 * buffer without end: the drain stops writing while the socket is not writable (Netty's write buffer is above its high
 * water mark), leaving deliveries waiting here, and {@link #reserveRoom()} refuses credit while too many deliveries
 * wait here or while the socket is not writable, and marks the connection starved, so queues keep their messages as
 * ready. Once the socket is writable again ({@link #writable()}) the waiting deliveries are written and the owner
 * re-dispatches its consumers' queues. A producer sets {@code starved}
 * before re-checking for room and the event loop makes room before reading {@code starved}, so no wake-up is lost.
 */
final class DeliveryOutbox implements Runnable {
    /** Deliveries allowed to wait for the event loop; beyond this, consumers are refused credit. */
    static final int MAX_PENDING = 2048;
    /** Deliveries written per drain task before yielding the event loop to other work. */
    private static final int BATCH = 256;

    /** The connection side of the outbox. Event loop. */
    interface Owner {
        /** Flushes what the drain wrote. */
        void flushDeliveries();

        /** Asks every consumer's queue of the connection to dispatch again. */
        void resumeConsumers();

        /** A channel failed to take a delivery (a bug): the connection closes with 541. */
        void deliveryFailed(Throwable failure);
    }

    private final Queue<Delivery> deliveries = PlatformDependent.newMpscQueue();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor eventLoop;
    private final Channel socket;
    private final Owner owner;
    private volatile boolean starved;

    DeliveryOutbox(Executor eventLoop, Channel socket, Owner owner) {
        this.eventLoop = eventLoop;
        this.socket = socket;
        this.owner = owner;
    }

    /** Whether another delivery may be accepted now; if not, remembers to resume consumers later. Any thread. */
    boolean reserveRoom() {
        if (hasRoom()) {
            return true;
        }
        starved = true;
        return hasRoom();
    }

    private boolean hasRoom() {
        return pending.get() < MAX_PENDING && socket.isWritable();
    }

    /** Queues a delivery for the event loop. Any thread; never blocks. */
    void offer(Delivery delivery) {
        pending.incrementAndGet();
        deliveries.offer(delivery);
        if (scheduled.compareAndSet(false, true)) {
            eventLoop.execute(this);
        }
    }

    @Override
    public void run() {
        drain(BATCH, false);
    }

    /**
     * Hands every waiting delivery to its channel now, writable socket or not (before basic.cancel-ok, or when channels
     * close). Event loop.
     */
    void drainAll() {
        drain(Integer.MAX_VALUE, true);
    }

    /** The socket turned writable again: writes what waited and resumes starved consumers. Event loop. */
    void writable() {
        if (!deliveries.isEmpty() && scheduled.compareAndSet(false, true)) {
            eventLoop.execute(this);
        }
        resumeIfStarved();
    }

    private void drain(int max, boolean evenIfUnwritable) {
        int written = 0;
        try {
            Delivery delivery;
            while (written < max) {
                if (!evenIfUnwritable && !socket.isWritable()) {
                    break; // the rest waits for writable(); no task until then, so no busy loop
                }
                delivery = deliveries.poll();
                if (delivery == null) {
                    break;
                }
                pending.decrementAndGet();
                written++;
                try {
                    delivery.consumer.channel().onDelivery(delivery);
                } catch (RuntimeException failure) {
                    owner.deliveryFailed(failure);
                }
            }
            if (written > 0) {
                owner.flushDeliveries();
            }
        } finally {
            scheduled.set(false);
            // Unwritable: writable() reschedules. Checked now, not at the stall: the flush above may already have
            // made the socket writable again, firing writable() while this task still counted as scheduled.
            if (!deliveries.isEmpty() && socket.isWritable() && scheduled.compareAndSet(false, true)) {
                eventLoop.execute(this);
            }
        }
        resumeIfStarved();
    }

    /** Re-dispatches consumers refused for lack of room, if there is room now. Event loop. */
    void resumeIfStarved() {
        if (starved && hasRoom()) {
            starved = false;
            owner.resumeConsumers();
        }
    }

    int pending() {
        return pending.get();
    }
}
