package dev.spool.amqp;

import dev.spool.engine.Clock;
import dev.spool.engine.Timers;
import dev.spool.engine.deadline.DeadlineIndex;
import dev.spool.engine.lease.DeliveryLeases;
import dev.spool.engine.queue.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer timeout of one channel: every delivery that needs an ack holds a lease of its queue's
 * {@code consumerTimeout} ({@code x-consumer-timeout}, the {@code consumer-timeout} policy key or the broker's
 * {@code consumer_timeout}); when one runs out, only that delivery goes back to its queue (through
 * {@link Queue#requeue(long)}, which marks it redelivered and counts the failed delivery) and a late settle of its tag
 * is ignored. A consumer whose deliveries time out {@value DeliveryLeases#DEFAULT_CANCEL_AFTER} times in a row is
 * cancelled with a server-sent basic.cancel. The bookkeeping is {@link DeliveryLeases} (primitive arrays and maps).
 *
 * <p><b>One timer per channel</b>, armed at the earliest deadline and only moved earlier: a delivery whose deadline is
 * later than the armed one (the usual case, since deadlines grow with time) costs no timer work; when the timer fires
 * it takes back what is due and re-arms at the next deadline. Deadlines are taken from the clock's coarse view (a
 * volatile read per delivery), expiry is judged by the exact clock, so a lease never runs out early by more than the
 * coarse clock's lag.
 *
 * <p>Confined to the connection's event loop; the timer thread only hands the expiry to it.
 */
final class ConsumerLeases implements DeliveryLeases.TimeoutSink {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLeases.class);

    private final DeliveryLeases leases = new DeliveryLeases();
    private final Clock clock;
    private final Clock coarse;
    private final Timers timers;
    private final Executor eventLoop;
    private final Runnable expireOnLoop = this::expireDue;
    private final Runnable fire = this::fire;
    private Settlements settlements;
    private ConsumerTable consumers;
    private Runnable flush;
    private Timers.Cancellable timer = Timers.Cancellable.NONE;
    private long armedAt = DeadlineIndex.NEVER;
    private boolean closed;

    /**
     * @param clock     the virtual host's clock
     * @param timers    timers on that clock
     * @param eventLoop the connection's event loop, where expiry runs
     */
    ConsumerLeases(Clock clock, Timers timers, Executor eventLoop) {
        this.clock = clock;
        this.coarse = clock.coarse();
        this.timers = timers;
        this.eventLoop = eventLoop;
    }

    /** Wires the channel's parts that take deliveries back, cancel consumers and flush what that wrote. */
    void attach(Settlements channelSettlements, ConsumerTable channelConsumers, Runnable flushWrites) {
        this.settlements = channelSettlements;
        this.consumers = channelConsumers;
        this.flush = flushWrites;
    }

    /**
     * A delivery that needs an ack was sent: it gets a lease of its queue's consumer timeout, if it has one.
     *
     * @param consumer the consumer's number, or {@link DeliveryLeases#NO_CONSUMER} for basic.get
     */
    void leased(long tag, Queue queue, int consumer) {
        long timeout = queue.effectiveSettings().consumerTimeout();
        if (timeout <= 0) {
            return;
        }
        long deadline = coarse.millis() + timeout;
        leases.lease(tag, consumer, deadline);
        if (deadline < armedAt) {
            arm(deadline);
        }
    }

    /** The delivery was acked, nacked or rejected: its lease ends. */
    void settled(long tag) {
        if (leases.size() != 0) {
            leases.settled(tag);
        }
    }

    /** True, once, when {@code tag} was taken back after its lease ran out: a settle of it is to be ignored. */
    boolean wasRevoked(long tag) {
        return leases.wasRevoked(tag);
    }

    /** The consumer was cancelled: its count of timeouts in a row is forgotten. */
    void consumerGone(int consumer) {
        leases.consumerGone(consumer);
    }

    /** Whether {@code tag} holds a lease. */
    boolean isLeased(long tag) {
        return leases.isLeased(tag);
    }

    /**
     * Moves the lease of {@code tag} to {@code millis} from now.
     *
     * @return false when the tag holds no lease
     */
    boolean extend(long tag, long millis) {
        long deadline = clock.millis() + millis;
        if (!leases.extend(tag, deadline)) {
            return false;
        }
        if (deadline < armedAt) {
            arm(deadline);
        }
        return true;
    }

    /** The channel is closing: no lease runs out any more (its deliveries go back to their queues anyway). */
    void close() {
        closed = true;
        timer.cancel();
        leases.clear();
    }

    private void arm(long deadline) {
        timer.cancel();
        armedAt = deadline;
        timer = timers.schedule(deadline, fire);
    }

    /** The timer's thread: expiry runs on the event loop, which owns the leases. */
    private void fire() {
        eventLoop.execute(expireOnLoop);
    }

    private void expireDue() {
        if (closed) {
            return;
        }
        armedAt = DeadlineIndex.NEVER;
        timer = Timers.Cancellable.NONE;
        try {
            if (leases.expire(clock.millis(), this) > 0) {
                flush.run();
            }
        } catch (RuntimeException e) {
            LOG.error("taking back timed-out deliveries failed", e);
        }
        long next = leases.nextDeadline();
        if (!closed && next != DeadlineIndex.NEVER && next < armedAt) {
            arm(next);
        }
    }

    @Override
    public void timedOut(long deliveryTag, int consumer, boolean cancelConsumer) {
        if (cancelConsumer) {
            consumers.cancelStuck(consumer); // first, so that the requeued message is not handed straight back to it
        }
        if (!settlements.takeBack(deliveryTag)) {
            leases.wasRevoked(deliveryTag); // a transaction holds its settle: it stays with the client
        }
    }
}
