package dev.spool.it.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spool.it.support.RunningBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A second client: Python's pika uses the {@code x-delayed-message} exchange as applications written for the
 * RabbitMQ plugin do (declare, publish with {@code x-delay}, consume in due order with the negated header, the
 * declare error). Runs {@code /usr/bin/python3}; skipped, with the reason, when python3-pika is not installed.
 */
class DelayedExchangePikaTest {
    private static final String PYTHON = "/usr/bin/python3";

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pikaPublishesDelayedMessagesAndReceivesThemInDueOrder() throws Exception {
        assumeTrue(pikaInstalled(), "python3-pika is not installed (apt-get install python3-pika)");
        Path script = tmp.resolve("delayed_exchange_pika.py");
        try (InputStream in = getClass().getResourceAsStream("/delay/delayed_exchange_pika.py")) {
            Files.copy(in, script);
        }
        Process process = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(broker.port()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("pika program output").contains("PASS");
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean pikaInstalled() {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import pika").redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            return check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
