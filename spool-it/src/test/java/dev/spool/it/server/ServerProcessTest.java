package dev.spool.it.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.it.support.BrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the broker the way an operator does, as its own JVM through {@code spool server}, and checks the process
 * lifecycle: it serves AMQP, SIGTERM closes client connections with 320 CONNECTION_FORCED and exits with 0, and a
 * second broker on the same data directory is refused with one line.
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
