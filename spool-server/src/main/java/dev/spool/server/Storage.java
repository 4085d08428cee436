package dev.spool.server;

import dev.spool.amqp.FieldTableArguments;
import dev.spool.engine.durable.BrokerStorage;
import dev.spool.store.DataDirectory;
import dev.spool.store.StoreException;
import dev.spool.store.definitions.RecordLog;
import dev.spool.store.log.LogSettings;
import dev.spool.store.log.SyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a broker holds open for its whole life: the locked data directory and its definitions log, and the
 * {@link BrokerStorage} built on them from the configuration (sync policy, segment size, memory budget). Opened first
 * and closed last by {@link SpoolServer}; the engine opens and closes the message logs inside it.
 *
 * <p>Used by the thread that starts and stops the broker.
 */
final class Storage {
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    /** Batched sync: an fsync starts at the latest once this many records wait. */
    static final int SYNC_MAX_BATCH = 1024;

    private final DataDirectory directory;
    private final RecordLog definitions;
    private final BrokerStorage brokerStorage;

    private Storage(DataDirectory directory, RecordLog definitions, BrokerStorage brokerStorage) {
        this.directory = directory;
        this.definitions = definitions;
        this.brokerStorage = brokerStorage;
    }

    /**
     * Locks and opens the data directory and its definitions log (compacted, so it starts with its live records
     * only).
     *
     * @throws StartupException with one line for the operator: the directory is in use by another Spool, was written
     *                          by a newer one, or cannot be read
     */
    static Storage open(Path dataDir, SpoolConfig config) {
        DataDirectory directory;
        try {
            directory = DataDirectory.open(dataDir);
        } catch (IOException e) {
            throw startupFailure(dataDir, e);
        }
        RecordLog definitions = null;
        try {
            definitions = RecordLog.open(directory.definitionsFile());
            definitions.compact();
            long memoryBudget = Math.min(config.queueMemoryBudget(), Runtime.getRuntime().maxMemory() / 2);
            BrokerStorage storage = new BrokerStorage(definitions, new FieldTableArguments(), directory,
                    new LogSettings(config.segmentSize(), syncPolicy(config)), memoryBudget);
            return new Storage(directory, definitions, storage);
        } catch (IOException | RuntimeException e) {
            if (definitions != null) {
                try {
                    definitions.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            closeQuietly(directory);
            throw startupFailure(dataDir, e);
        }
    }

    /** The sync policy {@code store.sync} names. */
    static SyncPolicy syncPolicy(SpoolConfig config) {
        switch (config.storeSync()) {
            case "never":
                return SyncPolicy.NEVER;
            case "batched":
                return SyncPolicy.batched(Duration.ofMillis(config.syncMaxDelayMillis()), SYNC_MAX_BATCH);
            default:
                return SyncPolicy.ALWAYS;
        }
    }

    /** A storage failure at start as one line: the store's own message when it is one an operator can act on. */
    static StartupException startupFailure(Path dataDir, Throwable cause) {
        if (cause instanceof StoreException) {
            return new StartupException(cause.getMessage(), cause);
        }
        return new StartupException("cannot open data directory " + dataDir + ": " + cause, cause);
    }

    BrokerStorage brokerStorage() {
        return brokerStorage;
    }

    /** Closes the definitions log, then releases the data directory's lock. */
    void close() {
        try {
            definitions.close();
        } catch (IOException e) {
            LOG.warn("closing the definitions log failed", e);
        }
        closeQuietly(directory);
    }

    private static void closeQuietly(DataDirectory directory) {
        try {
            directory.close();
        } catch (IOException e) {
            LOG.warn("releasing the data directory lock failed", e);
        }
    }
}
