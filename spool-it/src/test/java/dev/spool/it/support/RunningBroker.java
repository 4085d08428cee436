package dev.spool.it.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.engine.Clock;
import dev.spool.engine.ManualTime;
import dev.spool.engine.queue.Queue;
import dev.spool.server.SpoolConfig;
import dev.spool.server.SpoolServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A broker started in-process for one test class: on a free AMQP port, with a data directory of its own that is
 * deleted afterwards. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningBroker broker = RunningBroker.withDefaults();
 * }</pre>
 *
 * <p>Connections opened through {@link #newConnection()} are closed after each test, so a test that breaks a
 * connection does not leak it into the next one.
 *
 * <p>Thread contract: JUnit calls the callbacks on its own thread; the connection helpers may be called from any
 * thread (the list of open connections is copy-on-write).
 */
public final class RunningBroker implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    /** How long a synchronous client call may wait for the broker before the test fails instead of hanging. */
    private static final int RPC_TIMEOUT_MILLIS = 10_000;

    private final UnaryOperator<SpoolConfig> settings;
    private final Clock clock;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    private SpoolServer server;
    private Path dataDir;

    private RunningBroker(UnaryOperator<SpoolConfig> settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A broker with the built-in defaults (apart from ports and data directory). */
    public static RunningBroker withDefaults() {
        return new RunningBroker(UnaryOperator.identity(), Clock.system());
    }

    /** A broker whose configuration is the defaults changed by {@code settings}, e.g. a short heartbeat. */
    public static RunningBroker with(UnaryOperator<SpoolConfig> settings) {
        return new RunningBroker(settings, Clock.system());
    }

    /**
     * A broker on a clock the test moves: TTLs, delays and timeouts fire when the test calls
     * {@link ManualTime#advance}, so a test of a 30-minute timeout takes milliseconds.
     */
    public static RunningBroker withTime(ManualTime time, UnaryOperator<SpoolConfig> settings) {
        return new RunningBroker(settings, time);
    }

    /** {@link #withTime(ManualTime, UnaryOperator)} with the default settings. */
    public static RunningBroker withTime(ManualTime time) {
        return new RunningBroker(UnaryOperator.identity(), time);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // Most waits here are for a frame already on its way: poll often rather than every 100 ms.
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
        dataDir = Files.createTempDirectory("spool-it-");
        server = SpoolServer.start(settings.apply(
                SpoolConfig.defaults().withAmqpPort(0).withHttpPort(0).withDataDir(dataDir)), clock);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeConnections();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        closeConnections();
        if (server != null) {
            server.close();
        }
        deleteRecursively(dataDir);
    }

    /** The broker itself, e.g. to stop it. */
    public SpoolServer server() {
        return server;
    }

    public int port() {
        return server.amqpPort();
    }

    /** The management HTTP port. */
    public int httpPort() {
        return server.httpPort();
    }

    /** {@code http://127.0.0.1:PORT}, the management API's base URL (no trailing slash). */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    /** Samples the broker's counters now, so that rates and totals do not wait for the sampler's next tick. */
    public void sampleStats() {
        server.management().sampler().sampleNow();
    }

    /** The AMQPS port (the broker must have been configured with TLS). */
    public int tlsPort() {
        return server.tlsPort();
    }

    /** {@link #connectionFactory()} on the AMQPS port, with TLS from {@code context}. */
    public ConnectionFactory tlsConnectionFactory(javax.net.ssl.SSLContext context) {
        ConnectionFactory factory = connectionFactory();
        factory.setPort(tlsPort());
        factory.useSslProtocol(context);
        return factory;
    }

    /**
     * A factory for this broker as guest/guest on vhost "/", blocking socket I/O, automatic recovery off and a
     * bounded RPC timeout. Tests change it further (heartbeat, frame max, Netty) before connecting.
     */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port());
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost("/");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setChannelRpcTimeout(RPC_TIMEOUT_MILLIS);
        factory.setConnectionTimeout(RPC_TIMEOUT_MILLIS);
        factory.setHandshakeTimeout(RPC_TIMEOUT_MILLIS);
        factory.setShutdownTimeout(0);
        return factory;
    }

    /** Opens a connection with {@link #connectionFactory()}; it is closed after the test. */
    public Connection newConnection() {
        return newConnection(connectionFactory());
    }

    /** Opens a connection with a factory the test prepared; it is closed after the test. */
    public Connection newConnection(ConnectionFactory factory) {
        try {
            Connection connection = factory.newConnection();
            connections.add(connection);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A channel on a new connection of its own. */
    public Channel newChannel() {
        return openChannel(newConnection());
    }

    /** Opens a channel, failing the test when the client has no channel number left. */
    public static Channel openChannel(Connection connection) {
        try {
            Channel channel = connection.createChannel();
            if (channel == null) {
                throw new IllegalStateException("no free channel number on " + connection);
            }
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name no other test of this class uses: {@code prefix-N}. */
    public String uniqueName(String prefix) {
        return prefix + "-" + names.incrementAndGet();
    }

    /** The engine's view of a queue in vhost "/", or null when there is no such queue. */
    public Queue queue(String name) {
        return server.broker().vhost("/").findQueue(name);
    }

    /** The engine's view of a queue that must exist. */
    public Queue existingQueue(String name) {
        Queue queue = queue(name);
        if (queue == null) {
            throw new AssertionError("the broker has no queue '" + name + "' in vhost '/'");
        }
        return queue;
    }

    private void closeConnections() {
        for (Connection connection : connections) {
            connection.abort(1_000);
        }
        connections.clear();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
