package dev.spool.it.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.it.support.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the broker the way an operator does, as its own JVM through {@code spool server}, and checks the process
 * lifecycle: it serves AMQP, SIGTERM closes client connections with 320 CONNECTION_FORCED and exits with 0, and SIGHUP
 * reloads the TLS certificate files while connections stay open.
 */
class ServerProcessTest {
    private static final int CONNECTION_FORCED = 320;

    @TempDir
    Path tmp;

    private Process process;
    private Connection connection;

    @AfterEach
    void stopWhatIsLeft() throws IOException {
        if (connection != null && connection.isOpen()) {
            connection.abort();
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermClosesConnectionsWith320AndExitsZero() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("spool.log");
        process = launch(port, tmp.resolve("data"), log);

        connection = awaitConnection(port, log);
        CompletableFuture<ShutdownSignalException> shutdown = new CompletableFuture<>();
        connection.addShutdownListener(shutdown::complete);
        assertThat(Files.isDirectory(tmp.resolve("data"))).as("data dir created").isTrue();

        process.destroy(); // SIGTERM on Linux and macOS

        ShutdownSignalException signal = shutdown.get(10, TimeUnit.SECONDS);
        assertThat(signal.isHardError()).as("a connection-level close").isTrue();
        assertThat(signal.isInitiatedByApplication()).as("initiated by the broker").isFalse();
        assertThat(signal.getReason()).isInstanceOf(AMQP.Connection.Close.class);
        assertThat(((AMQP.Connection.Close) signal.getReason()).getReplyCode()).isEqualTo(CONNECTION_FORCED);
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
                .as(() -> "process exited; output:\n" + output(log)).isTrue();
        assertThat(process.exitValue()).as(() -> "exit status; output:\n" + output(log)).isZero();
    }

    private Connection awaitConnection(int port, Path log) {
        try {
            return await("AMQP port " + port + " accepts a connection")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .failFast("the broker process exited", () -> !process.isAlive())
                    .until(() -> connect(port), c -> c != null);
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; broker output:\n" + output(log), e);
        }
    }

    @Test
    void sighupReloadsTheTlsCertificateWithoutDroppingConnections() throws Exception {
        TestPki pki = TestPki.create("Process CA");
        TestPki.Issued first = pki.server("localhost");
        TestPki.PemPair files = first.write(tmp, "server");
        int port = freePort();
        int tlsPort = freePort();
        Path log = tmp.resolve("spool.log");
        process = launch(port, tmp.resolve("data"), log, "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", files.cert().toString(), "--tls-key-file", files.key().toString());
        connection = awaitConnection(port, log);
        // AMQP accepts before the management listener is up; SIGHUP reloads only once the broker says it started
        await("the broker's start line").atMost(Duration.ofSeconds(30))
                .until(() -> output(log).contains(" started: "));
        ConnectionFactory tls = new ConnectionFactory();
        tls.setHost("127.0.0.1");
        tls.setPort(tlsPort);
        tls.setAutomaticRecoveryEnabled(false);
        tls.useSslProtocol(pki.clientContext());
        Connection openBefore = tls.newConnection("before-reload");
        try {
            assertThat(serverSerial(pki, tlsPort)).isEqualTo(first.serial());
            TestPki.Issued renewed = pki.server("localhost");
            TestPki.PemPair next = renewed.write(tmp, "renewed");
            Files.move(next.cert(), files.cert(), StandardCopyOption.REPLACE_EXISTING);
            Files.move(next.key(), files.key(), StandardCopyOption.REPLACE_EXISTING);

            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor()).isZero();

            await("new TLS connections get the renewed certificate").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(serverSerial(pki, tlsPort)).isEqualTo(renewed.serial()));
            assertThat(process.isAlive()).as(() -> "still running; output:\n" + output(log)).isTrue();
            assertThat(openBefore.isOpen()).as("the connection opened before the reload").isTrue();
            openBefore.createChannel().queueDeclare(); // and it still works
        } finally {
            openBefore.abort();
        }
    }

    private static BigInteger serverSerial(TestPki pki, int tlsPort) throws Exception {
        try (SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory()
                .createSocket("127.0.0.1", tlsPort)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static Process launch(int port, Path dataDir, Path log, String... extraFlags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.spool.server.cli.SpoolCommand");
        command.add("server");
        command.add("--amqp-port");
        command.add(Integer.toString(port));
        command.add("--http-port");
        command.add("0");
        command.add("--data-dir");
        command.add(dataDir.toString());
        command.add("--amqp-io-threads");
        command.add("1");
        command.addAll(List.of(extraFlags));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static Connection connect(int port) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(2_000);
        return factory.newConnection("server-process-test");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
