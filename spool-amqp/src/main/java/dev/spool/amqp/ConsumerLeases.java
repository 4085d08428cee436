package dev.spool.amqp;

import dev.spool.engine.Clock;
import dev.spool.engine.Timers;
import dev.spool.engine.lease.RevokedTags;
import dev.spool.engine.queue.Queue;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer timeout of one channel: every delivery that needs an ack holds a lease of its queue's
 * {@code consumerTimeout} ({@code x-consumer-timeout}, the {@code consumer-timeout} policy key or the broker's
 * {@code consumer_timeout}); when one runs out, only that delivery goes back to its queue (through
 * {@link Queue#requeue(long)}, which marks it redelivered and counts the failed delivery) and a late settle of its tag
 * is ignored ({@link RevokedTags}). A consumer whose deliveries time out {@value #CANCEL_AFTER} times in a row, with
 * no settle in between, is cancelled with a server-sent basic.cancel.
 *
 * <p><b>Cost.</b> The deadline of each delivery sits beside it in the channel's {@link Unacked} (one {@code long}
 * written when the delivery is recorded, nothing to do when it is settled), and a consumer's count of timeouts in a
 * row is a field of its {@link ConsumerState}: a delivery costs a volatile read of the coarse clock and a comparison,
 * a settle one field write. A per-channel index by deadline (an indexed heap, measured at about the queue's own per-message
 * cost) would add a heap insert and a heap removal per message; the scan below is paid only when a timer fires.
 *
 * <p><b>One timer per channel</b>, armed at the earliest deadline and only moved earlier: a delivery whose deadline is
 * later than the armed one (the usual case, since deadlines grow with time) costs no timer work. When the timer fires
 * the channel's outstanding deliveries are scanned once for those due, they are taken back, and the timer is armed at
 * the earliest deadline left; with a steady flow of settled deliveries it fires about once per timeout. Deadlines are
 * taken from the clock's coarse view, expiry is judged by the exact clock, so a lease may run out up to the coarse
 * clock's lag (about 10 ms) early, never late by more than scheduling delay.
 *
 * <p>Confined to the connection's event loop; the timer thread only hands the expiry to it.
 */
final class ConsumerLeases implements Unacked.DueVisitor {
    /** Timeouts in a row after which a consumer is presumed stuck and cancelled. */
    static final int CANCEL_AFTER = 3;
    /** How many taken-back tags a channel remembers, to ignore their late settles. */
    static final int REVOKED_MEMORY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLeases.class);

    private final RevokedTags revoked = new RevokedTags(REVOKED_MEMORY);
    private final Clock clock;
    private final Clock coarse;
    private final Timers timers;
    private final Executor eventLoop;
    private final Runnable expireOnLoop = this::expireDue;
    private final Runnable fire = this::fire;
    private Unacked unacked;
    private Settlements settlements;
    private ConsumerTable consumers;
    private Runnable flush;
    private Timers.Cancellable timer = Timers.Cancellable.NONE;
    private long armedAt = Unacked.NO_DEADLINE;
    private boolean closed;
    /** Due deliveries collected by a scan, taken back after it (taking back changes {@link Unacked}). */
    private long[] dueTags = new long[16];
    private ConsumerState[] dueConsumers = new ConsumerState[16];
    private int dueCount;

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
        this.unacked = channelSettlements.unacked();
        this.consumers = channelConsumers;
        this.flush = flushWrites;
    }

    /**
     * The deadline of a delivery from {@code queue} written now, arming the timer if it is the earliest: now plus the
     * queue's consumer timeout, or {@link Unacked#NO_DEADLINE} when it has none. The hot path: no allocation.
     */
    long deadlineFor(Queue queue) {
        long timeout = queue.effectiveSettings().consumerTimeout();
        if (timeout <= 0) {
            return Unacked.NO_DEADLINE;
        }
        long deadline = coarse.millis() + timeout;
        if (deadline < armedAt) {
            arm(deadline);
        }
        return deadline;
    }

    /**
     * The deadline of a lease extended to {@code millis} from now ({@link Unacked#NO_DEADLINE} when that is beyond
     * any clock), arming the timer if it is the earliest.
     */
    long extendedDeadline(long millis) {
        long now = clock.millis();
        long deadline = millis >= Unacked.NO_DEADLINE - now ? Unacked.NO_DEADLINE : now + millis;
        if (deadline < armedAt) {
            arm(deadline);
        }
        return deadline;
    }

    /** True, once, when {@code tag} was taken back after its lease ran out: a settle of it is to be ignored. */
    boolean wasRevoked(long tag) {
        return revoked.consume(tag);
    }

    /** Deliveries came back to the client (tx.rollback): arms the timer for any deadline among them. */
    void rearm() {
        long earliest = unacked.earliestDeadline();
        if (earliest < armedAt) {
            arm(earliest);
        }
    }

    /** The channel is closing: no lease runs out any more (its deliveries go back to their queues anyway). */
    void close() {
        closed = true;
        timer.cancel();
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
        armedAt = Unacked.NO_DEADLINE;
        timer = Timers.Cancellable.NONE;
        try {
            dueCount = 0;
            unacked.forEachDue(clock.millis(), this);
            for (int i = 0; i < dueCount; i++) {
                takeBack(dueTags[i], dueConsumers[i]);
                dueConsumers[i] = null;
            }
            if (dueCount > 0) {
                flush.run();
            }
        } catch (RuntimeException e) {
            LOG.error("taking back timed-out deliveries failed", e);
        }
        if (!closed) {
            rearm();
        }
    }

    @Override
    public void due(long tag, ConsumerState consumer) {
        if (dueCount == dueTags.length) {
            dueTags = Arrays.copyOf(dueTags, dueCount * 2);
            dueConsumers = Arrays.copyOf(dueConsumers, dueCount * 2);
        }
        dueTags[dueCount] = tag;
        dueConsumers[dueCount++] = consumer;
    }

    private void takeBack(long tag, ConsumerState consumer) {
        revoked.add(tag);
        if (consumer != null && consumer.timedOut() == CANCEL_AFTER) {
            consumers.cancelStuck(consumer); // first, so that the requeued message is not handed straight back to it
        }
        if (!settlements.takeBack(tag)) {
            revoked.consume(tag); // not outstanding after all: nothing was taken back
        }
    }
}
