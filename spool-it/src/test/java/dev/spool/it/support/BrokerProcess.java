package dev.spool.it.support;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker run the way an operator runs it: its own JVM started with {@code spool server} on this test's classpath,
 * a free AMQP port and a data directory the test chooses (so that it can be killed and started again on the same one).
 * Output goes to a log file the failure messages quote.
 *
 * <p>Used by one test thread; {@link #port()} and {@link #connectionFactory()} from any thread.
 */
public final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private BrokerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a broker on {@code dataDir} and returns once its AMQP port accepts a connection (recovery done).
     *
     * @param jvmOptions e.g. {@code -Xmx128m}
     * @param flags      extra {@code spool server} flags, e.g. {@code --store-disk-free-limit 1}
     */
    public static BrokerProcess start(Path dataDir, Path log, List<String> jvmOptions, List<String> flags)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.spool.server.cli.SpoolCommand");
        command.add("server");
        command.add("--amqp-host");
        command.add("127.0.0.1");
        command.add("--amqp-port");
        command.add(Integer.toString(port));
        command.add("--http-port");
        command.add("0");
        command.add("--data-dir");
        command.add(dataDir.toString());
        command.addAll(flags);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BrokerProcess broker = new BrokerProcess(process, port, log);
        broker.awaitReady();
        return broker;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A factory for this broker as guest, automatic recovery off. */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setChannelRpcTimeout(30_000);
        factory.setShutdownTimeout(0);
        return factory;
    }

    /** SIGKILL: the broker gets no chance to flush, close or say goodbye. Returns once the process is gone. */
    public void killDashNine() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("broker " + process.pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** SIGTERM, then waits for a clean exit; returns the exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("broker did not stop within 30 s of SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    /** What the broker wrote so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady() {
        try {
            await("AMQP port " + port + " accepts a connection")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .failFast("the broker process exited", () -> !process.isAlive())
                    .until(this::connectOnce, connected -> connected);
        } catch (RuntimeException e) {
            close();
            throw new AssertionError(e.getMessage() + "; broker output:\n" + output(), e);
        }
    }

    private boolean connectOnce() throws Exception {
        ConnectionFactory factory = connectionFactory();
        factory.setConnectionTimeout(1_000);
        try (Connection connection = factory.newConnection("readiness")) {
            return connection.isOpen();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
