package dev.spool.engine.dedup;

import dev.spool.engine.message.Message;
import dev.spool.store.dedup.DeduplicationLog;
import dev.spool.store.format.DeduplicationRecordDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * One queue's or exchange's deduplication: its {@link DeduplicationSettings}, the {@link DeduplicationCache} of keys
 * it accepted, and, for a durable owner, the {@link DeduplicationLog} that keeps that window across restarts.
 *
 * <p><b>How the owner calls it.</b> A queue calls {@link #isDuplicate} first thing in {@code enqueue}, under its lock;
 * the virtual host calls it for the exchange named in basic.publish before routing. True means: drop the message
 * (it is still confirmed). A key (and a hit, which makes its key the most recently seen) is appended to the log
 * before the call returns, so it is in the page cache
 * before the message it belongs to is confirmed, and survives a {@code kill -9}. If the message is then lost anyway
 * (its store write failed), {@link #forget} takes the key back so that the publisher's retry is not a "duplicate".
 *
 * <p><b>Threading.</b> Thread-safe. In memory (no log) the cache's own lock is all there is. With a log, a check and
 * its append happen under this window's monitor, so the log's order is the cache's order; a queue's window is used
 * under the queue's lock anyway, an exchange's by its concurrent publishers. {@link #hits()} and {@link #size()} are
 * read by management without locks.
 *
 * <p><b>Store failures</b> are logged (at most every 10 s) and never thrown at the publisher: the window in memory
 * stays right; only what a restart remembers may be less.
 */
public final class DeduplicationWindow {
    private static final Logger LOG = LoggerFactory.getLogger(DeduplicationWindow.class);
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;
    /** Records beyond which the log is compacted: a few times the window, so rewrites stay amortized O(1). */
    private static final int COMPACT_SLACK = 1024;

    private final String owner;
    private final DeduplicationSettings settings;
    private final DeduplicationCache cache;
    /** Null for an owner kept in memory only. */
    private final DeduplicationLog log;
    /** The registry that tracks it (and syncs its log); null for an untracked window. */
    private final DeduplicationLogs logs;
    /** Hits of the windows this one replaced (after a settings change), so the owner's count keeps growing. */
    private final long earlierHits;
    private long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;

    DeduplicationWindow(String owner, DeduplicationSettings settings, DeduplicationCache cache, DeduplicationLog log,
                        DeduplicationLogs logs, long earlierHits) {
        this.logs = logs;
        this.owner = Objects.requireNonNull(owner, "owner");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.log = log;
        this.earlierHits = earlierHits;
    }

    /** A window kept in memory only (a non-durable owner, or a broker without a store), tracked by {@code logs}. */
    static DeduplicationWindow inMemory(String owner, DeduplicationSettings settings, DeduplicationLogs logs) {
        return new DeduplicationWindow(owner, settings, new DeduplicationCache(settings.cacheSize()), null, logs, 0);
    }

    /**
     * The publish-time check: true when the message's key is in the window (a duplicate: drop it); otherwise its key
     * (if it has one) is remembered, and logged for a durable owner. A message without a key is never a duplicate.
     * "Now" is the message's receive time, read from the broker's clock at publish.
     */
    public boolean isDuplicate(Message message) {
        String key = DeduplicationKey.of(message.headers(), settings.header(), message.messageId());
        if (key == null) {
            return false;
        }
        long now = message.publishedAtMillis();
        long ttl = settings.ttlFor(message.headers());
        if (log == null) {
            return cache.checkAndRemember(key, now, ttl);
        }
        synchronized (this) {
            boolean duplicate = cache.checkAndRemember(key, now, ttl);
            // a hit makes the key the most recently seen: logged too (with its unchanged expiry), so that a restart
            // restores the order in which keys are evicted, not only the keys
            append(key, duplicate ? cache.expiresAt(key) : ttl < 0 ? DeduplicationCache.NEVER : saturatedAdd(now, ttl));
            return duplicate;
        }
    }

    /** Logs one record and compacts the log when it has grown to a few times the window. Under this monitor. */
    private void append(String key, long expiresAt) {
        try {
            log.append(key, expiresAt);
            if (log.records() > 2L * cache.capacity() + COMPACT_SLACK) {
                log.rewrite(out -> cache.forEach(out::entry));
            }
        } catch (IOException | RuntimeException e) {
            warn("cannot write to its deduplication log; a restart may forget recent keys", e);
        }
    }

    /**
     * Takes back the key {@link #isDuplicate} just remembered for {@code message}, because the message was lost after
     * all (its store write failed, so the publisher is nacked and will send it again).
     */
    public void forget(Message message) {
        String key = DeduplicationKey.of(message.headers(), settings.header(), message.messageId());
        if (key == null) {
            return;
        }
        synchronized (this) {
            if (cache.forget(key) && log != null) {
                try {
                    log.append(key, DeduplicationRecordDescriptor.TOMBSTONE);
                } catch (IOException | RuntimeException e) {
                    warn("cannot write to its deduplication log", e);
                }
            }
        }
    }

    public DeduplicationSettings settings() {
        return settings;
    }

    /** Duplicates dropped so far (since the owner was created or the broker started). Read without a lock. */
    public long hits() {
        return earlierHits + cache.hits();
    }

    /** Keys in the window now (expired ones not yet reused included). */
    public int size() {
        return cache.size();
    }

    public int capacity() {
        return cache.capacity();
    }

    /** Whether the window is kept on disk. */
    public boolean durable() {
        return log != null;
    }

    /**
     * A window with {@code newSettings} (a policy changed): the same keys as far as the new size allows, least
     * recently seen dropped first, and the same log, rewritten. The caller stops using this one.
     */
    synchronized DeduplicationWindow resized(DeduplicationSettings newSettings) {
        DeduplicationCache resized = new DeduplicationCache(newSettings.cacheSize());
        cache.forEach(resized::restore);
        DeduplicationWindow next = new DeduplicationWindow(owner, newSettings, resized, log, logs, hits());
        if (log != null) {
            try {
                log.rewrite(out -> resized.forEach(out::entry));
            } catch (IOException | RuntimeException e) {
                warn("cannot rewrite its deduplication log", e);
            }
        }
        return next;
    }

    /** Fsyncs what was logged since the last time (the periodic sync). */
    void force() {
        if (log != null) {
            try {
                log.force();
            } catch (IOException | RuntimeException e) {
                warn("cannot fsync its deduplication log", e);
            }
        }
    }

    /** Closes the log (broker stopping); the window stays usable in memory. */
    synchronized void close() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                warn("cannot close its deduplication log", e);
            }
        }
    }

    /**
     * The owner is deleted (or stopped deduplicating): the window is no longer tracked and its log, if any, is
     * deleted. The owner stops using it.
     */
    public synchronized void delete() {
        if (logs != null) {
            logs.forget(this);
        }
        if (log != null) {
            try {
                log.delete();
            } catch (IOException e) {
                warn("cannot delete its deduplication log " + log.file(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "deduplication window of " + owner + " (" + size() + "/" + capacity() + " keys, " + hits() + " hits)";
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? DeduplicationCache.NEVER : sum;
    }

    private void warn(String what, Exception e) {
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_INTERVAL_NANOS) {
            lastWarning = now;
            LOG.warn("{}: {}", owner, what, e);
        }
    }
}
