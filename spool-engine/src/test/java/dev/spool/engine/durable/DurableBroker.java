package dev.spool.engine.durable;

import dev.spool.engine.Broker;
import dev.spool.engine.BrokerSettings;
import dev.spool.engine.Clock;
import dev.spool.store.DataDirectory;
import dev.spool.store.definitions.RecordLog;
import dev.spool.store.log.LogSettings;
import dev.spool.store.log.SyncPolicy;

import java.io.IOException;
import java.nio.file.Path;

/** A durable broker on a test's data directory, which the test can stop and open again ("restart"). */
final class DurableBroker implements AutoCloseable {
    private final Path dir;
    private final long memoryBudget;
    private DataDirectory directory;
    private RecordLog definitions;
    private Broker broker;
    private BrokerStorage storage;

    DurableBroker(Path dir, long memoryBudget) throws IOException {
        this.dir = dir;
        this.memoryBudget = memoryBudget;
        open();
    }

    Broker broker() {
        return broker;
    }

    BrokerStorage storage() {
        return storage;
    }

    /** Stops cleanly and opens the same directory again. */
    Broker restart() throws IOException {
        close();
        open();
        return broker;
    }

    @Override
    public void close() throws IOException {
        broker.close();
        definitions.close();
        directory.close();
    }

    private void open() throws IOException {
        directory = DataDirectory.open(dir);
        definitions = RecordLog.open(directory.definitionsFile());
        storage = new BrokerStorage(definitions, new SerializedArguments(), directory,
                new LogSettings(256 * 1024, SyncPolicy.ALWAYS), memoryBudget);
        broker = Broker.open(BrokerSettings.defaults(), Clock.system(), storage);
    }
}
