package dev.spool.engine.durable;

import dev.spool.engine.queue.MessageMemory;
import dev.spool.store.DataDirectory;
import dev.spool.store.definitions.RecordLog;
import dev.spool.store.log.LogSettings;
import dev.spool.store.log.RecoveryHandler;
import dev.spool.store.log.SegmentedLog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What makes a broker durable: the {@link DefinitionJournal}, how each virtual host's message log is opened (a
 * directory {@code vhost-<id>} of the data directory, with the configured segment size and sync policy), and the
 * shared budget for messages queues keep in memory. Built by the server once the data directory is open and passed to
 * {@link dev.spool.engine.Broker#open}; the broker owns the message logs it opens through this and closes them, the
 * server closes the definitions log and the data directory after the broker.
 *
 * <p>Immutable and thread-safe.
 */
public final class BrokerStorage {
    private final DefinitionJournal journal;
    private final DataDirectory directory;
    private final LogSettings logSettings;
    private final MessageMemory memory;

    /**
     * @param definitions        the open definitions log
     * @param arguments          how declare and binding arguments are encoded (the front end's field tables)
     * @param directory          the open, locked data directory
     * @param logSettings        segment size and sync policy of every message log
     * @param memoryBudgetBytes  bytes of ready messages all queues together may keep in memory
     */
    public BrokerStorage(RecordLog definitions, ArgumentCodec arguments, DataDirectory directory,
                         LogSettings logSettings, long memoryBudgetBytes) {
        this.journal = new DefinitionJournal(Objects.requireNonNull(definitions, "definitions"),
                Objects.requireNonNull(arguments, "arguments"));
        this.directory = Objects.requireNonNull(directory, "directory");
        this.logSettings = Objects.requireNonNull(logSettings, "logSettings");
        this.memory = new MessageMemory(memoryBudgetBytes);
    }

    public DefinitionJournal journal() {
        return journal;
    }

    public MessageMemory memory() {
        return memory;
    }

    /** The directory holding the deduplication logs of the virtual host with this id ({@code dedup/vhost-<id>}). */
    public Path deduplicationDirectory(int vhostId) {
        return directory.deduplicationDirectory("vhost-" + vhostId);
    }

    /** Opens (recovering) the message log of the virtual host with this id. */
    public SegmentedLog openLog(int vhostId, RecoveryHandler recovery) throws IOException {
        return SegmentedLog.open(directory.messageLogDirectory("vhost-" + vhostId), logSettings, recovery);
    }
}
