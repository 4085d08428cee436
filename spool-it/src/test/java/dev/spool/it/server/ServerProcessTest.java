package dev.spool.it.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.it.support.BrokerProcess;
import dev.spool.it.support.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the broker the way an operator does, as its own JVM through {@code spool server}, and checks the process
 * lifecycle: it serves AMQP, SIGTERM closes client connections with 320 CONNECTION_FORCED and exits with 0, SIGHUP
 * reloads the TLS certificate files while connections stay open, and a second broker on the same data directory is
 * refused with one line.
 */
class ServerProcessTest {
    private static final int CONNECTION_FORCED = 320;

    @TempDir
    Path tmp;

    @Test
    void sigtermClosesConnectionsWith320AndExitsZero() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(tmp.resolve("data"), tmp.resolve("spool.log"), List.of(),
                List.of("--amqp-io-threads", "1"))) {
            Connection connection = broker.connectionFactory().newConnection("server-process-test");
            CompletableFuture<ShutdownSignalException> shutdown = new CompletableFuture<>();
            connection.addShutdownListener(shutdown::complete);
            assertThat(Files.isDirectory(tmp.resolve("data"))).as("data dir created").isTrue();

            int exitStatus = broker.stop(); // SIGTERM on Linux and macOS

            ShutdownSignalException signal = shutdown.get(10, TimeUnit.SECONDS);
            assertThat(signal.isHardError()).as("a connection-level close").isTrue();
            assertThat(signal.isInitiatedByApplication()).as("initiated by the broker").isFalse();
            assertThat(signal.getReason()).isInstanceOf(AMQP.Connection.Close.class);
            assertThat(((AMQP.Connection.Close) signal.getReason()).getReplyCode()).isEqualTo(CONNECTION_FORCED);
            assertThat(exitStatus).as(() -> "exit status; output:\n" + broker.output()).isZero();
        }
    }

    @Test
    void sighupReloadsTheTlsCertificateWithoutDroppingConnections() throws Exception {
        TestPki pki = TestPki.create("Process CA");
        TestPki.Issued first = pki.server("localhost");
        TestPki.PemPair files = first.write(tmp, "server");
        int tlsPort = freePort();
        try (BrokerProcess broker = BrokerProcess.start(tmp.resolve("data"), tmp.resolve("spool.log"), List.of(),
                List.of("--amqp-io-threads", "1", "--tls-port", Integer.toString(tlsPort),
                        "--tls-cert-file", files.cert().toString(), "--tls-key-file", files.key().toString()))) {
            // AMQP accepts before the management listener is up; SIGHUP reloads only once the broker says it started
            await("the broker's start line").atMost(Duration.ofSeconds(30))
                    .until(() -> broker.output().contains(" started: "));
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

                assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(broker.pid())).start().waitFor())
                        .isZero();

                await("new TLS connections get the renewed certificate").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> assertThat(serverSerial(pki, tlsPort)).isEqualTo(renewed.serial()));
                assertThat(broker.isAlive()).as(() -> "still running; output:\n" + broker.output()).isTrue();
                assertThat(openBefore.isOpen()).as("the connection opened before the reload").isTrue();
                openBefore.createChannel().queueDeclare(); // and it still works
            } finally {
                openBefore.abort();
            }
        }
    }

    private static BigInteger serverSerial(TestPki pki, int tlsPort) throws Exception {
        try (SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory()
                .createSocket("127.0.0.1", tlsPort)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void secondBrokerOnTheSameDataDirectoryExitsWithOneLineNamingTheHolder() throws Exception {
        Path data = tmp.resolve("data");
        try (BrokerProcess first = BrokerProcess.start(data, tmp.resolve("first.log"), List.of(), List.of())) {
            Path log = tmp.resolve("second.log");
            Process second = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), "dev.spool.server.cli.SpoolCommand", "server",
                    "--amqp-port", "0", "--http-port", "0", "--data-dir", data.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();

            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("second broker exited").isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("spool: ")).containsExactly(
                    "spool: data directory " + data.toAbsolutePath() + " is in use by another Spool (pid "
                            + first.pid() + "): stop it or choose another data directory");
            assertThat(Files.readString(log)).as("no stack trace").doesNotContain("Exception");
        }
    }
}
