package dev.spool.server;

import dev.spool.amqp.AmqpServer;
import dev.spool.amqp.AmqpSettings;
import dev.spool.engine.Broker;
import dev.spool.engine.BrokerSettings;
import dev.spool.engine.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running broker: wires the parts together from a {@link SpoolConfig} and owns their lifecycle. Starts them in
 * dependency order: the data directory (locked, its format checked), the definitions log, the engine (which restores
 * the definitions and recovers each virtual host's message log), the AMQP listener and the resource alarms
 * (management comes later); stops them in reverse, so that everything appended is durable before the files close.
 *
 * <p>Thread-safe: {@link #start} runs on the caller's thread; {@link #close} may be called from any thread (a shutdown
 * hook, a signal handler, a test), any number of times, and only the first call does the work.
 */
public final class SpoolServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolServer.class);
    private static final String GUEST = "guest";

    private final SpoolConfig config;
    private final Path dataDir;
    private final Storage storage;
    private final Broker broker;
    private final AmqpServer amqp;
    private final ResourceAlarms alarms;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SpoolServer(SpoolConfig config, Path dataDir, Storage storage, Broker broker, AmqpServer amqp,
                        ResourceAlarms alarms) {
        this.config = config;
        this.dataDir = dataDir;
        this.storage = storage;
        this.broker = broker;
        this.amqp = amqp;
        this.alarms = alarms;
    }

    /**
     * Starts a broker and returns once the AMQP port accepts connections (after recovery).
     *
     * @throws StartupException when the data directory cannot be created, is in use by another Spool or was written
     *     by a newer one, when recovery fails, or when the AMQP listener cannot bind; whatever had started is stopped
     *     again. Its message is one line meant for the operator.
     */
    public static SpoolServer start(SpoolConfig config) {
        Path dataDir = createDataDir(config.dataDir());
        // 1. store, 2. engine (restores definitions, recovers messages)
        Storage storage = Storage.open(dataDir, config);
        Broker broker;
        try {
            broker = Broker.open(new BrokerSettings(config.defaultUser(), config.defaultPassword(),
                    config.defaultVhost(), config.loopbackUsers()), Clock.system(), storage.brokerStorage());
        } catch (IOException | UncheckedIOException e) {
            storage.close();
            throw Storage.startupFailure(dataDir, e instanceof UncheckedIOException u ? u.getCause() : e);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        // 3. AMQP listener
        AmqpServer amqp = new AmqpServer(amqpSettings(config), broker);
        try {
            amqp.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            amqp.close();
            stopQuietly(broker, storage);
            throw new StartupException("interrupted while starting the AMQP listener", e);
        } catch (Exception e) { // Netty rethrows the bind failure (a checked BindException) undeclared
            amqp.close();
            stopQuietly(broker, storage);
            throw new StartupException("cannot listen for AMQP on " + config.amqpHost() + ":" + config.amqpPort()
                    + ": " + e.getMessage(), e);
        }
        // 4. resource alarms; management binds config.httpPort() here once spool-management exists.
        ResourceAlarms alarms = ResourceAlarms.start(dataDir, config.diskFreeLimit(), config.memoryHighWatermark(),
                amqp);
        SpoolServer server = new SpoolServer(config, dataDir, storage, broker, amqp, alarms);
        server.logStarted();
        return server;
    }

    /** The port the AMQP listener is bound to (the real one when the configuration asked for port 0). */
    public int amqpPort() {
        return amqp.port();
    }

    /** The engine, for tests and in-process tools. */
    public Broker broker() {
        return broker;
    }

    /** The configuration this broker was started with. */
    public SpoolConfig config() {
        return config;
    }

    /** The data directory as an absolute path. */
    public Path dataDir() {
        return dataDir;
    }

    /** The resource alarms, e.g. to change the free-disk limit at run time. */
    public ResourceAlarms alarms() {
        return alarms;
    }

    /**
     * Stops the broker: stops the resource alarms, closes every client connection with 320 CONNECTION_FORCED and stops
     * the AMQP listener, then closes the message logs (making everything appended durable), the definitions log and
     * the data directory (releasing its lock). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Spool stopping: closing {} AMQP connection(s)", amqp.connectionCount());
        alarms.close();
        amqp.close();
        stopQuietly(broker, storage);
        LOG.info("Spool stopped");
    }

    /** Closes the engine's message logs, then the storage; logs failures (nothing is left to tell). */
    private static void stopQuietly(Broker broker, Storage storage) {
        try {
            broker.close();
        } catch (IOException | RuntimeException e) {
            LOG.error("closing the message logs failed; recovery will repair them on the next start", e);
        }
        storage.close();
    }

    private static Path createDataDir(Path configured) {
        Path dir = configured.toAbsolutePath().normalize();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create data directory " + dir + ": " + e, e);
        }
    }

    private static AmqpSettings amqpSettings(SpoolConfig config) {
        return new AmqpSettings(config.amqpHost(), config.amqpPort(), config.channelMax(), config.frameMax(),
                config.heartbeatSeconds(), config.ioThreads(), config.maxMessageSize(),
                config.handshakeTimeoutSeconds());
    }

    private void logStarted() {
        LOG.info("Spool {} started: AMQP on {}:{}, data dir {} (sync {}), HTTP port {} reserved (management API not"
                + " served yet)", SpoolVersion.version(), config.amqpHost(), amqpPort(), dataDir, config.storeSync(),
                config.httpPort());
        if (!GUEST.equals(config.defaultUser())) {
            return;
        }
        if (config.loopbackUsers().contains(GUEST)) {
            LOG.info("User 'guest' can connect from localhost only. To connect from other hosts, start with an admin"
                    + " user of your own: --default-user NAME --default-password SECRET (or SPOOL_DEFAULT_USER and"
                    + " SPOOL_DEFAULT_PASSWORD); it is created at start with full rights on vhost '{}'",
                    config.defaultVhost());
        } else {
            LOG.warn("User 'guest' can connect from any host because loopback_users does not list it; set"
                    + " --default-user and --default-password to replace it");
        }
    }
}
