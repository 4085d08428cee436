package dev.spool.it.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second client: Python's pika publishes the same message three times with one {@code message_id} (and publisher
 * confirms on) to a deduplicating queue and an exchange, and consumes one copy of each. Skipped, with the reason
 * shown, where Debian's {@code python3-pika} is not installed.
 */
class PikaDeduplicationTest {
    /** Debian's Python, with Debian's pika (as {@code compat/run.sh} uses it). */
    private static final String PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = """
            import sys
            import pika

            connection = pika.BlockingConnection(pika.ConnectionParameters(
                host="127.0.0.1", port=int(sys.argv[1]), credentials=pika.PlainCredentials("guest", "guest")))
            ch = connection.channel()
            ch.confirm_delivery()
            ch.queue_declare("pika-payments", arguments={"x-message-deduplication": True, "x-cache-size": 100})
            ch.exchange_declare("pika-events", "fanout", arguments={"x-message-deduplication": True})
            ch.queue_declare("pika-events-log")
            ch.queue_bind("pika-events-log", "pika-events")
            for attempt in range(3):
                # confirm_delivery makes basic_publish wait for the ack: a nack or a return would raise
                ch.basic_publish("", "pika-payments", ("payment %d" % attempt).encode(),
                                 pika.BasicProperties(message_id="payment-42"))
                ch.basic_publish("pika-events", "", ("event %d" % attempt).encode(),
                                 pika.BasicProperties(headers={"x-deduplication-header": "event-7"}), mandatory=True)
            for queue in ("pika-payments", "pika-events-log"):
                while True:
                    method, properties, body = ch.basic_get(queue, auto_ack=True)
                    if method is None:
                        break
                    print(queue, body.decode())
            connection.close()
            """;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void pikaPublishesDuplicatesWithMessageIdAndOneCopyIsDelivered() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed");
        Process probe = new ProcessBuilder(PYTHON, "-c", "import pika").redirectErrorStream(true).start();
        String probeOutput = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(probe.waitFor() == 0, "python3-pika is not installed (apt-get install python3-pika): "
                + probeOutput.strip());

        Path script = Files.createTempFile("pika-dedup", ".py");
        try {
            Files.writeString(script, SCRIPT);
            Process run = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(broker.port()))
                    .redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("pika finished").isTrue();
            assertThat(run.exitValue()).as("pika's output:%n%s", output).isZero();
            assertThat(output.strip().lines().toList())
                    .isEqualTo(List.of("pika-payments payment 0", "pika-events-log event 0"));
        } finally {
            deleteQuietly(script);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
