package dev.spool.store.log;

import dev.spool.store.io.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log's sync thread and the batches it drains: group commit.
 *
 * <p>Appenders, holding the log's append lock, add each persistent append (with its callback, if any) to the
 * <em>filling</em> batch. The sync thread swaps the filling batch for an empty one under the same lock (a pointer
 * swap), then, without the lock, fdatasyncs every segment the batch wrote (and the directory if a segment was
 * created), and calls every callback of the batch in append order. Because each record was fully written before it
 * joined the batch, one fsync covers every record of the batch; records appended meanwhile join the next one. Under
 * {@link SyncPolicy.Mode#BATCHED} the sync thread first lingers until the batch is full or its oldest record has
 * waited the maximum delay; under {@link SyncPolicy.Mode#NEVER} it skips the fsync.
 *
 * <p>The same thread does the log's slow housekeeping, off every appender's and queue's path: deleting reclaimed
 * segments and fsyncing dirty settlement files once a second.
 */
final class GroupCommit implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final long SETTLEMENT_SYNC_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SegmentedLog log;
    private final Path directory;
    private final SyncPolicy policy;
    private final ReentrantLock lock;
    private final Condition work;
    private final ConcurrentLinkedQueue<Segment> reclaimQueue = new ConcurrentLinkedQueue<>();

    /** Append lock. */
    private PendingBatch filling = new PendingBatch();
    /** Append lock. */
    private PendingBatch draining = new PendingBatch();
    /** Sequence the filling batch will get. Append lock. */
    private long fillingSequence = 1;
    /** Append lock. */
    private boolean closing;

    /** Sequence of the last batch whose fsync completed (or failed). Written by the sync thread only. */
    private volatile long completedSequence;
    /** Batches fsynced. Written by the sync thread only. */
    private volatile long syncCount;
    private long nextSettlementSync;

    GroupCommit(SegmentedLog log, Path directory, SyncPolicy policy, ReentrantLock appendLock) {
        this.log = log;
        this.directory = directory;
        this.policy = policy;
        this.lock = appendLock;
        this.work = appendLock.newCondition();
        this.nextSettlementSync = System.nanoTime() + SETTLEMENT_SYNC_INTERVAL_NANOS;
    }

    /** Adds a written record to the filling batch; returns that batch's sequence. Append lock. */
    long add(Segment segment, DurableCallback callback, long token) {
        filling.add(segment, callback, token, null);
        signalIfNeeded();
        return fillingSequence;
    }

    /** Queues the failure of an append that wrote nothing, so its callback fires in order. Append lock. */
    void addFailure(DurableCallback callback, long token, IOException cause) {
        filling.add(null, callback, token, cause);
        signalIfNeeded();
    }

    /** A segment file was created: the next fsync includes the directory. Append lock. */
    void directoryChanged() {
        filling.directoryChanged();
        work.signal();
    }

    /** Hands a reclaimable segment to the sync thread for deletion. Any thread. */
    void reclaimLater(Segment segment) {
        reclaimQueue.add(segment);
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    long completedSequence() {
        return completedSequence;
    }

    long syncCount() {
        return syncCount;
    }

    /** Makes the sync thread drain what is pending and stop. Append lock. */
    void close() {
        closing = true;
        work.signal();
    }

    @Override
    public void run() {
        boolean running = true;
        while (running) {
            PendingBatch batch = null;
            lock.lock();
            try {
                awaitWork();
                running = !closing || !filling.isEmpty();
                if (!filling.isEmpty()) {
                    linger();
                    batch = swap();
                }
            } finally {
                lock.unlock();
            }
            if (batch != null) {
                complete(batch);
            }
            housekeeping(!running);
        }
    }

    private void signalIfNeeded() {
        int size = filling.size();
        if (size == 1 || size == policy.maxBatch()) {
            work.signal();
        }
    }

    /** Waits for records, a reclaim, closing, or the next settlement sync. Append lock. */
    private void awaitWork() {
        while (filling.isEmpty() && !closing && reclaimQueue.isEmpty()) {
            long wait = nextSettlementSync - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            awaitUninterruptibly(wait);
        }
    }

    /** BATCHED: waits until the batch is full or its oldest record has waited the maximum delay. Append lock. */
    private void linger() {
        if (policy.mode() != SyncPolicy.Mode.BATCHED || filling.size() == 0) {
            return; // a batch holding only a new segment's directory entry has nobody waiting on it
        }
        long deadline = filling.firstArrivalNanos() + policy.maxDelayNanos();
        while (filling.size() < policy.maxBatch() && !closing) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            awaitUninterruptibly(wait);
        }
    }

    private void awaitUninterruptibly(long nanos) {
        try {
            work.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // Ignored on purpose: the sync thread stops through close(). Keeping the flag set would make the next
            // force() throw ClosedByInterruptException and close the segment's channel for every thread.
        }
    }

    /** Append lock. */
    private PendingBatch swap() {
        PendingBatch batch = filling;
        batch.sequence(fillingSequence++);
        filling = draining;
        draining = batch;
        return batch;
    }

    /** Fsyncs what the batch wrote, then calls its callbacks. Sync thread, without the lock. */
    private void complete(PendingBatch batch) {
        IOException failure = null;
        if (policy.mode() != SyncPolicy.Mode.NEVER) {
            try {
                for (int i = 0; i < batch.segmentCount(); i++) {
                    Segment segment = batch.segment(i);
                    if (segment.isSyncFailed()) {
                        throw new IOException("an earlier fsync of " + segment.path() + " failed");
                    }
                    segment.force();
                }
                if (batch.isDirectoryChanged()) {
                    DurableFiles.fsyncDirectory(directory);
                }
            } catch (IOException e) {
                failure = e;
                LOG.error("fsync failed in {}: failing {} appends and starting a new segment", directory,
                        batch.size(), e);
                for (int i = 0; i < batch.segmentCount(); i++) {
                    batch.segment(i).markSyncFailed();
                }
            }
            syncCount++;
        }
        completedSequence = batch.sequence();
        for (int i = 0; i < batch.size(); i++) {
            DurableCallback callback = batch.callback(i);
            if (callback != null) {
                IOException cause = batch.failure(i) != null ? batch.failure(i) : failure;
                notify(callback, batch.token(i), cause);
            }
        }
        for (int i = 0; i < batch.segmentCount(); i++) {
            log.maybeReclaim(batch.segment(i));
        }
        batch.clear();
    }

    private static void notify(DurableCallback callback, long token, IOException cause) {
        try {
            if (cause == null) {
                callback.onDurable(token);
            } else {
                callback.onFailed(token, cause);
            }
        } catch (RuntimeException e) {
            LOG.error("durable callback {} threw; ignoring it", callback, e);
        }
    }

    private void housekeeping(boolean last) {
        Segment segment;
        while ((segment = reclaimQueue.poll()) != null) {
            log.delete(segment);
        }
        long now = System.nanoTime();
        if (last || now - nextSettlementSync >= 0) {
            nextSettlementSync = now + SETTLEMENT_SYNC_INTERVAL_NANOS;
            if (last || policy.mode() != SyncPolicy.Mode.NEVER) {
                log.forceSettlements();
            }
        }
    }
}
