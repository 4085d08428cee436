package dev.spool.server;

import dev.spool.amqp.AmqpMessageFormat;
import dev.spool.amqp.AmqpServer;
import dev.spool.amqp.AmqpSettings;
import dev.spool.engine.Broker;
import dev.spool.engine.BrokerSettings;
import dev.spool.engine.Clock;
import dev.spool.management.ManagementServer;
import dev.spool.management.ManagementSettings;
import dev.spool.server.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running broker: wires the parts together from a {@link SpoolConfig} and owns their lifecycle. Starts them in
 * dependency order: the data directory (locked, its format checked), the definitions log, the engine (which restores
 * the definitions and recovers each virtual host's message log), the AMQP listener (and AMQPS when TLS is on), the
 * resource alarms and the management API; stops them in reverse, so that everything appended is durable before the
 * files close.
 *
 * <p>Thread-safe: {@link #start} runs on the caller's thread; {@link #close} may be called from any thread (a shutdown
 * hook, a signal handler, a test), any number of times, and only the first call does the work.
 */
public final class SpoolServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolServer.class);
    private static final String GUEST = "guest";
    /** RabbitMQ's collect_statistics_interval default. */
    private static final long MANAGEMENT_SAMPLE_INTERVAL_MILLIS = 5000;

    private final SpoolConfig config;
    private final Path dataDir;
    private final Storage storage;
    private final Broker broker;
    private final AmqpServer amqp;
    private final ResourceAlarms alarms;
    private final ManagementServer management;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The TLS context of every TLS listener, or null when TLS is off. */
    private final ServerTls tls;

    private SpoolServer(SpoolConfig config, Path dataDir, Storage storage, Broker broker, AmqpServer amqp,
                        ServerTls tls, ResourceAlarms alarms, ManagementServer management) {
        this.config = config;
        this.dataDir = dataDir;
        this.storage = storage;
        this.broker = broker;
        this.amqp = amqp;
        this.alarms = alarms;
        this.management = management;
        this.tls = tls;
    }

    /**
     * Starts a broker and returns once the AMQP port accepts connections (after recovery).
     *
     * @throws StartupException when the data directory cannot be created, is in use by another Spool or was written
     *     by a newer one, when recovery fails, or when the AMQP listener cannot bind; whatever had started is stopped
     *     again. Its message is one line meant for the operator.
     */
    public static SpoolServer start(SpoolConfig config) {
        return start(config, Clock.system());
    }

    /**
     * As {@link #start(SpoolConfig)}, on the engine clock {@code clock}: tests pass a {@link dev.spool.engine.ManualTime}
     * so that TTLs, delays and timeouts run when the test moves the time.
     */
    public static SpoolServer start(SpoolConfig config, Clock clock) {
        Path dataDir = createDataDir(config.dataDir());
        ServerTls tls = SecuritySetup.loadTls(config.security()); // before the data dir is locked: nothing to undo
        // 1. store, 2. engine (restores definitions, recovers messages)
        Storage storage = Storage.open(dataDir, config);
        Broker.useMessageFormat(AmqpMessageFormat.INSTANCE); // before recovery may rebuild a message
        Broker broker;
        try {
            broker = Broker.open(new BrokerSettings(config.defaultUser(), config.defaultPassword(),
                    config.defaultVhost(), config.loopbackUsers(), config.consumerTimeoutMillis()), clock,
                    storage.brokerStorage());
        } catch (IOException | UncheckedIOException e) {
            storage.close();
            throw Storage.startupFailure(dataDir, e instanceof UncheckedIOException u ? u.getCause() : e);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        SecuritySetup.applyDefaultLimits(broker, config.security());
        // 3. AMQP listener (and AMQPS when TLS is on)
        AmqpServer amqp = new AmqpServer(amqpSettings(config), broker,
                SecuritySetup.amqpSecurity(config.security(), tls));
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
        // 4. resource alarms, 5. management: HTTP API and /metrics
        ResourceAlarms alarms = ResourceAlarms.start(dataDir, config.diskFreeLimit(), config.memoryHighWatermark(),
                amqp);
        ManagementServer management;
        try {
            management = startManagement(config, dataDir, broker, amqp, tls, alarms);
        } catch (RuntimeException e) {
            alarms.close();
            stopQuietly(broker, storage);
            throw e;
        }
        SpoolServer server = new SpoolServer(config, dataDir, storage, broker, amqp, tls, alarms, management);
        server.logStarted();
        return server;
    }

    private static ManagementServer startManagement(SpoolConfig config, Path dataDir, Broker broker,
                                                    AmqpServer amqp, ServerTls tls, ResourceAlarms alarms) {
        ManagementServer management = new ManagementServer(new ManagementSettings(config.amqpHost(),
                config.httpPort(), "spool@" + hostName(), SpoolVersion.version(), amqp.port(),
                MANAGEMENT_SAMPLE_INTERVAL_MILLIS, dataDir, SecuritySetup.managementTls(config.security(), tls)),
                broker, AmqpMessageFormat.INSTANCE, alarms);
        try {
            management.start();
        } catch (RuntimeException e) {
            management.close();
            amqp.close();
            throw new StartupException("cannot serve the management API on " + config.amqpHost() + ":"
                    + config.httpPort() + ": " + e.getMessage(), e);
        }
        return management;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The port the management API is bound to (the real one when the configuration asked for port 0). */
    public int httpPort() {
        return management.port();
    }

    /** The port the management API serves HTTPS on (the real one when asked for 0), or -1 when TLS is off. */
    public int httpsPort() {
        return management.httpsPort();
    }

    /** The management listener (its sampler, for tests that do not wait for the next sample). */
    public ManagementServer management() {
        return management;
    }

    /** The port the AMQP listener is bound to (the real one when the configuration asked for port 0). */
    public int amqpPort() {
        return amqp.port();
    }

    /** The port the AMQPS listener is bound to. */
    public int tlsPort() {
        return amqp.tlsPort();
    }

    /**
     * The TLS context every TLS listener uses (the management API's HTTPS connector too), or null when TLS is off.
     */
    public ServerTls tls() {
        return tls;
    }

    /**
     * Rereads the TLS certificate, key and CA files (what SIGHUP does): new connections get the new certificate, open
     * ones carry on. Nothing happens when TLS is off.
     *
     * @throws IOException when a file cannot be used; the certificate in use stays
     */
    public void reloadTls() throws IOException {
        if (tls == null) {
            LOG.info("TLS is off: nothing to reload");
            return;
        }
        tls.reload();
        X509Certificate now = tls.certificate();
        LOG.info("TLS reloaded: new connections get certificate '{}' (serial {}, valid until {})",
                now.getSubjectX500Principal().getName(), now.getSerialNumber().toString(16),
                now.getNotAfter().toInstant());
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
     * Stops the broker: stops the management listener and the resource alarms, closes every client connection with
     * 320 CONNECTION_FORCED and stops the AMQP listener, then closes the message logs (making everything appended
     * durable), the definitions log and the data directory (releasing its lock). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Spool stopping: closing {} AMQP connection(s)", amqp.connectionCount());
        management.close();
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
        LOG.info("Spool {} started: AMQP on {}:{}, management on http://{}:{}/, data dir {} (sync {})",
                SpoolVersion.version(), config.amqpHost(), amqpPort(), config.amqpHost(), httpPort(), dataDir,
                config.storeSync());
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
