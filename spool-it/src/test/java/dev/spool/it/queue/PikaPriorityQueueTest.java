package dev.spool.it.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A priority queue used from Python's pika (Debian's {@code python3-pika}): a second client library sees the same
 * strict priority order. Skipped where {@code /usr/bin/python3} has no pika.
 */
class PikaPriorityQueueTest {
    private static final String PYTHON = "/usr/bin/python3";

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @TempDir
    Path tmp;

    @Test
    void pikaDrainsAPriorityQueueHighestFirst() throws Exception {
        assumeTrue(pikaInstalled(), "python3-pika is not installed");
        Path script = tmp.resolve("priority_queue.py");
        try (InputStream in = getClass().getResourceAsStream("/pika/priority_queue.py")) {
            Files.copy(in, script);
        }
        Process process = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(broker.port()),
                broker.uniqueName("pika-priority")).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("pika script finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isZero();
        // priority 200 counts as the maximum, 10; no priority as 0
        assertThat(output.split("\n")).containsExactly("clamped", "high", "high-2", "mid", "low", "none");
    }

    private static boolean pikaInstalled() throws InterruptedException {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import pika").start();
            return check.waitFor(10, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
