package dev.spool.amqp;

import dev.spool.store.log.DurableCallback;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hears from the message log, on its sync thread, when one channel's stored publishes are on disk (or failed), and
 * hands the news to the channel on its connection's event loop, where confirms and tx.commit-ok go out.
 *
 * <p>The log calls back once per stored publish, in append order, with the token the channel gave (its confirm
 * sequence number, or a transaction token); a channel appends in token order, so the highest token heard resolves
 * every token before it. The sync thread therefore only writes a volatile "resolved up to" and schedules one drain
 * task at most, allocating nothing per publish; failures (rare: disk full, I/O errors) are queued, each before the
 * volatile write that covers it, so the event loop always sees a failure together with its token.
 *
 * <p>Thread-safe: the callbacks run on the sync thread, everything else on the event loop.
 */
final class DurableAppends implements DurableCallback, Confirms.Failures, Runnable {
    private final Executor eventLoop;
    private final ChannelTable table;
    private final AmqpChannel channel;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Long> failures = new ConcurrentLinkedQueue<>();
    private volatile long resolvedUpTo;

    DurableAppends(Executor eventLoop, ChannelTable table, AmqpChannel channel) {
        this.eventLoop = eventLoop;
        this.table = table;
        this.channel = channel;
    }

    @Override
    public void onDurable(long token) {
        resolvedUpTo = token;
        schedule();
    }

    @Override
    public void onFailed(long token, IOException cause) {
        failures.add(token);
        resolvedUpTo = token;
        schedule();
    }

    /** The highest token the log has resolved. Any thread. */
    long resolvedUpTo() {
        return resolvedUpTo;
    }

    @Override
    public void run() {
        scheduled.set(false); // before reading, so that a later callback schedules another run
        table.diskResolved(channel, resolvedUpTo);
    }

    /** Whether {@code token} failed; tokens are asked in increasing order. Event loop. */
    @Override
    public boolean failed(long token) {
        Long first;
        while ((first = failures.peek()) != null && first < token) {
            failures.poll();
        }
        if (first != null && first == token) {
            failures.poll();
            return true;
        }
        return false;
    }

    /** Whether any token up to {@code token} failed, forgetting them. Event loop. */
    boolean anyFailedUpTo(long token) {
        boolean any = false;
        Long first;
        while ((first = failures.peek()) != null && first <= token) {
            failures.poll();
            any = true;
        }
        return any;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                eventLoop.execute(this);
            } catch (RejectedExecutionException e) {
                // the connection's event loop is shut down: nobody is left to confirm
            }
        }
    }
}
