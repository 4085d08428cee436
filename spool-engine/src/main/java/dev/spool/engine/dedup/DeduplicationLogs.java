package dev.spool.engine.dedup;

import dev.spool.engine.Clock;
import dev.spool.engine.Timers;
import dev.spool.store.dedup.DeduplicationLog;
import dev.spool.store.format.DeduplicationRecordDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A virtual host's deduplication windows and where the durable ones are kept: every window of its queues and
 * exchanges is handed out (and tracked, for the broker-wide totals) here, and the durable ones have one
 * {@link DeduplicationLog} per
 * durable queue ({@code queue-<id>.dedup}, by the queue's id in the definitions) or durable exchange
 * ({@code exchange-<hash>.dedup}, by a hash of its name) in the vhost's directory {@code dedup/vhost-<id>}. Opens a
 * window restoring its log, changes it when its settings change, deletes its log with its owner, fsyncs the logs
 * about once a second on the vhost's timers, closes them when the broker stops, and at start deletes the logs of
 * owners that no longer exist.
 *
 * <p>Thread-safe. Opening a window reads its log (up to a few times the window's size); it happens at declaration,
 * at start and when a policy turns deduplication on, never per message.
 */
public final class DeduplicationLogs {
    /**
     * Untracked windows in memory only: what a queue or exchange uses until its virtual host attaches its own
     * registry (and what tests that build queues alone use).
     */
    public static final DeduplicationLogs IN_MEMORY = new DeduplicationLogs(null, Clock.system(), false);

    private static final Logger LOG = LoggerFactory.getLogger(DeduplicationLogs.class);
    private static final String SUFFIX = ".dedup";
    private static final long SYNC_INTERVAL_MILLIS = 1000;

    /** Null: nothing is kept on disk. */
    private final Path directory;
    private final Clock clock;
    /** False for {@link #IN_MEMORY} only. */
    private final boolean tracking;
    /** Every window handed out and not yet released, by kind of owner; the durable ones are fsynced periodically. */
    private final Set<DeduplicationWindow> queueWindows = ConcurrentHashMap.newKeySet();
    private final Set<DeduplicationWindow> exchangeWindows = ConcurrentHashMap.newKeySet();
    private volatile Timers.Cancellable sync = Timers.Cancellable.NONE;
    private volatile boolean closed;

    /**
     * @param directory where the logs are kept, or null to keep every window in memory only
     * @param clock     the vhost's clock: keys whose expiry passed while the broker was down are not restored
     */
    public DeduplicationLogs(Path directory, Clock clock) {
        this(directory, clock, true);
    }

    private DeduplicationLogs(Path directory, Clock clock, boolean tracking) {
        this.directory = directory;
        this.clock = clock;
        this.tracking = tracking;
    }

    /**
     * The window of a queue with {@code settings} (see {@link #open}); its log, if durable, is
     * {@link #queueFile queue-<id>.dedup}.
     */
    public DeduplicationWindow openQueue(String owner, int queueId, boolean durable, DeduplicationSettings settings) {
        return open(owner, queueFile(queueId), durable, settings, queueWindows);
    }

    /** The window of an exchange with {@code settings} (see {@link #open}). */
    public DeduplicationWindow openExchange(String owner, String exchangeName, boolean durable,
                                            DeduplicationSettings settings) {
        return open(owner, exchangeFile(exchangeName), durable, settings, exchangeWindows);
    }

    /**
     * A queue's window after its settings changed (a policy was set or cleared): {@code current} itself when nothing
     * changed, null (its log deleted) when deduplication is now off, a new window otherwise (keeping the keys that
     * fit and the log).
     */
    public DeduplicationWindow reconcileQueue(DeduplicationWindow current, String owner, int queueId,
                                              boolean durable, DeduplicationSettings settings) {
        if (current == null) {
            return openQueue(owner, queueId, durable, settings);
        }
        if (!settings.enabled()) {
            release(current);
            return null;
        }
        if (current.settings().equals(settings)) {
            return current;
        }
        DeduplicationWindow next = current.resized(settings);
        if (queueWindows.remove(current)) {
            queueWindows.add(next);
        }
        return next;
    }

    /** Duplicates dropped by the queues whose windows are tracked here (those that exist now). */
    public long queueHits() {
        return hits(queueWindows);
    }

    /** Duplicates dropped by the exchanges whose windows are tracked here (those that exist now). */
    public long exchangeHits() {
        return hits(exchangeWindows);
    }

    private static long hits(Set<DeduplicationWindow> windows) {
        long sum = 0;
        for (DeduplicationWindow window : windows) {
            sum += window.hits();
        }
        return sum;
    }

    /** The log file name of the durable queue with this id. */
    public static String queueFile(int queueId) {
        return "queue-" + queueId + SUFFIX;
    }

    /** The log file name of the durable exchange with this name (names may hold any character, so a hash). */
    public static String exchangeFile(String exchangeName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(exchangeName.getBytes(StandardCharsets.UTF_8));
            return "exchange-" + HexFormat.of().formatHex(digest, 0, 16) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The window an owner with {@code settings} uses: null when deduplication is off, kept in memory when the owner
     * is not durable, else restored from its log (a fresh one if none exists). A log that cannot be opened is logged
     * and the window kept in memory.
     *
     * @param owner    names the owner in log lines
     * @param fileName {@link #queueFile} or {@link #exchangeFile}
     * @param windows  where it is tracked
     */
    private DeduplicationWindow open(String owner, String fileName, boolean ownerDurable,
                                     DeduplicationSettings settings, Set<DeduplicationWindow> windows) {
        if (!settings.enabled()) {
            return null;
        }
        if (directory == null || !ownerDurable || closed) {
            return track(DeduplicationWindow.inMemory(owner, settings, tracking ? this : null), windows);
        }
        DeduplicationCache cache = new DeduplicationCache(settings.cacheSize());
        long now = clock.millis();
        try {
            DeduplicationLog log = DeduplicationLog.open(directory.resolve(fileName), (key, expiresAt) -> {
                if (expiresAt == DeduplicationRecordDescriptor.TOMBSTONE || expiresAt <= now) {
                    cache.forget(key);
                } else {
                    cache.restore(key, expiresAt);
                }
            });
            DeduplicationWindow window = track(new DeduplicationWindow(owner, settings, cache, log, this, 0), windows);
            startSync();
            return window;
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot open its deduplication log {}; its window is kept in memory only", owner,
                    directory.resolve(fileName), e);
            return track(DeduplicationWindow.inMemory(owner, settings, tracking ? this : null), windows);
        }
    }

    private DeduplicationWindow track(DeduplicationWindow window, Set<DeduplicationWindow> windows) {
        if (tracking) {
            windows.add(window);
        }
        return window;
    }

    /** The owner is deleted (or stopped deduplicating): forgets {@code window} and deletes its log. Null is ignored. */
    public void release(DeduplicationWindow window) {
        if (window != null) {
            window.delete();
        }
    }

    /** A window whose owner is gone. */
    void forget(DeduplicationWindow window) {
        queueWindows.remove(window);
        exchangeWindows.remove(window);
    }

    /**
     * Deletes the logs in the directory that belong to none of {@code live} (file names of the durable queues and
     * exchanges that exist): their owner was deleted while the broker was down or between two steps. At start only.
     */
    public void deleteOrphans(Set<String> live) {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean log = name.endsWith(SUFFIX) || name.endsWith(SUFFIX + DeduplicationLog.COMPACT_SUFFIX);
                if (log && !live.contains(name)) {
                    Files.deleteIfExists(file);
                    LOG.info("deleted deduplication log {}: its queue or exchange no longer exists", file);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up deduplication logs in {}", directory, e);
        }
    }

    /** Fsyncs and closes every log (the broker is stopping). */
    public void close() {
        if (directory == null) {
            return; // nothing on disk (and IN_MEMORY is shared)
        }
        closed = true;
        sync.cancel();
        for (DeduplicationWindow window : queueWindows) {
            window.close();
        }
        for (DeduplicationWindow window : exchangeWindows) {
            window.close();
        }
    }

    /** Fsyncs the logs written since the last round. Timer thread. */
    private void syncRound() {
        if (closed) {
            return;
        }
        for (DeduplicationWindow window : queueWindows) {
            window.force();
        }
        for (DeduplicationWindow window : exchangeWindows) {
            window.force();
        }
        scheduleSync();
    }

    private synchronized void startSync() {
        if (sync == Timers.Cancellable.NONE && !closed) {
            scheduleSync();
        }
    }

    private void scheduleSync() {
        sync = Timers.of(clock).schedule(clock.millis() + SYNC_INTERVAL_MILLIS, this::syncRound);
    }
}
