package dev.spool.engine.redrive;

import dev.spool.engine.Clock;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.Timers;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One redrive job: moves up to {@code max} ready messages from a source queue to the queue each one names (its
 * {@link Targets target}), at most {@code rate} per second, then ends.
 *
 * <p><b>How a message moves.</b> The job takes it from the source as an unacknowledged {@code basic.get} would, so no
 * consumer can take it meanwhile; publishes a copy through the default exchange with the target's name as routing key
 * (headers kept, {@code x-death} included, CC dropped so that it reaches the target only; persistent messages to a
 * durable target are stored as any publish is); and only then acknowledges it in the source. A message with no target,
 * whose target is missing or is the source itself, or that the target refuses, is held back (unacknowledged) until
 * the job ends and then returned to its place in the source, so the job goes on to the next one.
 *
 * <p><b>Rate.</b> The n-th message is due {@code n / rate} seconds after the start (the first at once); a tick moves
 * every message due by now, then sleeps until the next is due, waking at most about a hundred times a second. The job
 * is done once {@code max} messages moved or the source has no ready message left.
 *
 * <p><b>Threading.</b> Ticks run on the virtual host's {@link Timers} (the shared timer thread, or the test's thread
 * under a manual clock). Each tick takes the source queue's lock (get, ack) and the target's (publish) one after the
 * other, never both. The job's own state is guarded by its monitor; {@link #status()} and {@link #cancel()} may be
 * called from any thread.
 */
public final class Redrive {
    /** The least time between two ticks. */
    private static final long MIN_TICK_MILLIS = 10;
    /** Removes the CC header, so that the copy is routed to its target alone. */
    private static final Map<String, Object> DROP_CC = Collections.singletonMap("CC", null);

    /** Where a message goes back to. Called on the job's thread; may be stateful (one job, one thread at a time). */
    @FunctionalInterface
    public interface Targets {
        /** The name of the queue {@code message} should move to, or null to leave it in the source. */
        String targetOf(Message message);
    }

    /** Where a job is. */
    public enum State { RUNNING, DONE, CANCELLED, FAILED }

    /**
     * A job's progress.
     *
     * @param state     running, or how it ended
     * @param moved     messages moved to their targets so far
     * @param skipped   messages left in the source (no target, missing target, refused)
     * @param max       the most it moves
     * @param rate      messages per second
     * @param startedAt when it started, engine clock millis
     * @param endedAt   when it ended, or 0 while running
     * @param failure   why it failed, or null
     */
    public record Status(State state, long moved, long skipped, long max, int rate, long startedAt, long endedAt,
                         String failure) {
    }

    private final VirtualHost vhost;
    private final Queue source;
    private final Targets targets;
    private final MessageFormat format;
    private final int rate;
    private final long max;
    private final Clock clock;
    private final Timers timers;
    private final long startedAt;
    private final PublishScratch scratch = new PublishScratch(null);

    /** Guarded by this. */
    private State state = State.RUNNING;
    private long moved;
    private long skipped;
    private long endedAt;
    private String failure;
    private long[] held = new long[16];
    private int heldCount;
    private Timers.Cancellable next = Timers.Cancellable.NONE;

    private Redrive(VirtualHost vhost, Queue source, Targets targets, MessageFormat format, int rate, long max) {
        this.vhost = vhost;
        this.source = source;
        this.targets = targets;
        this.format = format;
        this.rate = rate;
        this.max = max;
        this.clock = vhost.clock();
        this.timers = vhost.timers();
        this.startedAt = clock.millis();
    }

    /**
     * Starts moving messages now (the first tick is scheduled at once on the virtual host's timers).
     *
     * @param source  the queue to take messages from, in {@code vhost}
     * @param targets names each message's target queue
     * @param format  rebuilds the copies (the front end's message format)
     * @param rate    messages per second, at least 1
     * @param max     the most messages to move, at least 0
     */
    public static Redrive start(VirtualHost vhost, Queue source, Targets targets, MessageFormat format, int rate,
                                long max) {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(format, "format");
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1, got " + rate);
        }
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        Redrive job = new Redrive(vhost, source, targets, format, rate, max);
        synchronized (job) {
            job.next = job.timers.schedule(job.startedAt, job::tick);
        }
        return job;
    }

    /** The source queue. */
    public Queue source() {
        return source;
    }

    public synchronized Status status() {
        return new Status(state, moved, skipped, max, rate, startedAt, endedAt, failure);
    }

    /** Whether the job is still moving messages. */
    public synchronized boolean running() {
        return state == State.RUNNING;
    }

    /** Stops the job; messages already moved stay moved, held ones go back to the source. Idempotent. */
    public synchronized void cancel() {
        if (state == State.RUNNING) {
            next.cancel();
            end(State.CANCELLED, null);
        }
    }

    private synchronized void tick() {
        if (state != State.RUNNING) {
            return;
        }
        try {
            long now = clock.millis();
            long due = Math.min(max, (now - startedAt) * rate / 1000 + 1);
            while (moved < due) {
                if (source.isDeleted()) {
                    end(State.DONE, null);
                    return;
                }
                GetResult taken = source.get(false);
                if (taken == null) {
                    end(State.DONE, null);
                    return;
                }
                moveOrHold(taken);
                if (state != State.RUNNING) {
                    return;
                }
            }
            if (moved >= max || source.messageCount() == 0) {
                end(State.DONE, null);
                return;
            }
            long nextDue = startedAt + (moved * 1000 + rate - 1) / rate;
            next = timers.schedule(Math.max(nextDue, now + MIN_TICK_MILLIS), this::tick);
        } catch (RuntimeException e) {
            end(State.FAILED, String.valueOf(e.getMessage()));
        }
    }

    /** Moves one taken message to its target, or holds it back. */
    private void moveOrHold(GetResult taken) {
        String target = targets.targetOf(taken.message());
        if (target == null || target.equals(source.name()) || vhost.findQueue(target) == null) {
            hold(taken.entryId());
            return;
        }
        Message copy = format.rewrite(taken.message(), "", target, DROP_CC, false, clock.millis());
        int routed;
        try {
            routed = vhost.publish("", copy, scratch, 0);
        } catch (RuntimeException e) {
            hold(taken.entryId());
            throw e;
        }
        if (scratch.storeFailed()) {
            hold(taken.entryId());
            end(State.FAILED, "could not store a message for queue '" + target + "'");
            return;
        }
        if (routed == 0) {
            hold(taken.entryId());
            return;
        }
        source.ack(taken.entryId());
        moved++;
    }

    private void hold(long entryId) {
        if (heldCount == held.length) {
            held = Arrays.copyOf(held, held.length * 2);
        }
        held[heldCount++] = entryId;
        skipped++;
    }

    /** Ends the job and returns what it held back to the source, in place. Under this monitor. */
    private void end(State how, String why) {
        state = how;
        failure = why;
        endedAt = clock.millis();
        if (heldCount > 0) {
            source.requeue(held, heldCount);
            heldCount = 0;
        }
    }
}
