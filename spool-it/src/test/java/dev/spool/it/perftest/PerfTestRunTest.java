package dev.spool.it.perftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spool.engine.queue.Queue;
import dev.spool.it.support.RunningBroker;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ's own load generator, PerfTest, against the broker for 60 seconds: 2 producers with publisher confirms
 * (at most 100 outstanding each), 2 consumers with manual acks and prefetch 200, all on one fixed queue. PerfTest
 * runs as a separate JVM from {@code spool-perftest/target/lib}, on a classpath of its own.
 *
 * <p><b>How the check can fail.</b> PerfTest reports only rates, so the test counts for itself: PerfTest connects
 * through a {@link WireTap}, a relay that parses every frame and counts complete published messages, broker
 * confirms (multiple acks expanded) and consumer acks of outstanding delivery tags. After PerfTest exits and every
 * connection is gone, the broker's queue must hold exactly the messages that were published and never acked:
 * <pre>
 *     published (on the wire) == acked by consumers (on the wire) + ready in the queue (broker state)
 * </pre>
 * with nothing left unacked and no consumer left. A message the broker lost makes the right side too small; a message
 * delivered and acked twice, or an ack the broker ignored (so the message came back), makes it too large. Acks that
 * the client sends after its own connection.close (RabbitMQ's Java client lets consumer threads ack until the close
 * completes) do not count as acked: the broker must discard them, as RabbitMQ does, so their messages come back as
 * ready; there can be no more of them than the consumers' prefetch. On top:
 * no confirm or ack may name a number that was not outstanding, no publish is nacked, each producer channel ends with
 * at most its confirm window (100) unconfirmed, first deliveries never outnumber publishes, PerfTest exits with 0 and
 * prints its summary, and its own average rates (times 60 s) agree with the wire counts within 5%.
 */
@Tag("slow")
class PerfTestRunTest {
    private static final String QUEUE = "spool-it-perftest";
    private static final String RUN_ID = "spool-it-perftest";
    private static final int SECONDS = 60;
    private static final int CONFIRM_WINDOW = 100;
    private static final int PREFETCH = 200;
    private static final Pattern SENDING = Pattern.compile("sending rate avg: ([0-9.]+) msg/s");
    private static final Pattern RECEIVING = Pattern.compile("receiving rate avg: ([0-9.]+) msg/s");

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sixtySecondsOfConfirmedPublishingAndAckedConsumingLoseAndDuplicateNothing(@TempDir Path tmp)
            throws Exception {
        Path lib = Path.of("..", "spool-perftest", "target", "lib").toAbsolutePath().normalize();
        assertThat(lib.resolve("perf-test-2.22.1.jar")).as("PerfTest, copied by the spool-perftest module").exists();
        Path output = tmp.resolve("perftest.log");

        try (WireTap tap = new WireTap(broker.port())) {
            Process perfTest = new ProcessBuilder(javaExecutable(), "-Xmx512m", "-cp", lib + File.separator + "*",
                    "com.rabbitmq.perf.PerfTest",
                    "--uri", "amqp://guest:guest@127.0.0.1:" + tap.port(),
                    "--producers", "2", "--consumers", "2",
                    "--confirm", Integer.toString(CONFIRM_WINDOW), "--qos", Integer.toString(PREFETCH),
                    "--queue", QUEUE, "--auto-delete", "false",
                    "--time", Integer.toString(SECONDS), "--id", RUN_ID,
                    "--disable-connection-recovery")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean exited = perfTest.waitFor(SECONDS + 90, TimeUnit.SECONDS);
            if (!exited) {
                perfTest.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(exited).as("PerfTest finished; its output:%n%s", log).isTrue();
            assertThat(perfTest.exitValue()).as("PerfTest exit code; its output:%n%s", log).isZero();

            await().atMost(Duration.ofSeconds(30)).until(() -> tap.openConnections() == 0);
            Queue queue = broker.existingQueue(QUEUE);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> queue.consumerCount() == 0 && queue.unackedCount() == 0);

            System.out.printf("PerfTest run %s: %s, ready in queue=%d%n%s%n", RUN_ID, tap.counts(),
                    queue.messageCount(), summary(log));
            assertNothingLostOrDuplicated(tap.counts(), queue.messageCount(), log);
            assertPerfTestAgreesWithTheWire(tap.counts(), log);
        }
    }

    private static void assertNothingLostOrDuplicated(WireCounts wire, long ready, String log) {
        String facts = wire + ", ready in queue=" + ready;
        assertThat(wire.problems()).as(facts).isEmpty();
        assertThat(wire.published()).as("enough traffic to mean something: %s", facts).isGreaterThan(10_000);
        assertThat(wire.acked() + ready).as("acked + ready == published: %s", facts).isEqualTo(wire.published());
        assertThat(wire.settledAfterClose()).as("acks after connection.close, within the prefetch: %s", facts)
                .isLessThanOrEqualTo(2L * PREFETCH);
        assertThat(wire.rejected()).as(facts).isZero();
        assertThat(wire.brokerNacks()).as(facts).isZero();
        assertThat(wire.returns()).as(facts).isZero();
        assertThat(wire.delivered() - wire.redelivered()).as("first deliveries <= published: %s", facts)
                .isLessThanOrEqualTo(wire.published());
        List<Long> unconfirmed = wire.unconfirmedPerChannel();
        assertThat(unconfirmed).as("unconfirmed per channel: %s", facts)
                .allSatisfy(n -> assertThat(n).isBetween(0L, (long) CONFIRM_WINDOW));
        assertThat(log).doesNotContain("Exception");
    }

    /** PerfTest's average rates times the run time should match what crossed the wire (within 5%). */
    private static void assertPerfTestAgreesWithTheWire(WireCounts wire, String log) {
        double sendingRate = rate(SENDING, log);
        double receivingRate = rate(RECEIVING, log);
        assertThat(sendingRate).as("sending rate avg").isPositive();
        assertThat(receivingRate).as("receiving rate avg").isPositive();
        assertThat(sendingRate * SECONDS).as("PerfTest's sent total vs the wire's %s", wire)
                .isBetween(wire.published() * 0.95, wire.published() * 1.05);
        assertThat(receivingRate * SECONDS).as("PerfTest's received total vs the wire's %s", wire)
                .isBetween(wire.delivered() * 0.95, wire.delivered() * 1.05);
    }

    /** PerfTest's closing summary lines (the averages), for the test's output. */
    private static String summary(String log) {
        StringBuilder summary = new StringBuilder();
        for (String line : log.split("\\R")) {
            if (line.contains("rate avg")) {
                summary.append(line.strip()).append(System.lineSeparator());
            }
        }
        return summary.toString().strip();
    }

    private static double rate(Pattern pattern, String log) {
        Matcher matcher = pattern.matcher(log);
        assertThat(matcher.find()).as("PerfTest's summary line '%s' in:%n%s", pattern, log).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
