package dev.spool.it.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct reply-to with a second client library: a pika program is the requester, a Java consumer the responder.
 * Skipped, saying why, where {@code /usr/bin/python3} cannot import pika.
 */
class DirectReplyToPikaTest {
    private static final String PYTHON = "/usr/bin/python3";

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @TempDir
    Path tmp;

    @Test
    void pikaRequesterGetsRepliesThroughDirectReplyTo() throws Exception {
        assumeTrue(pikaAvailable(), "python3-pika is not installed (apt-get install python3-pika)");
        Channel responder = broker.newChannel();
        String requests = broker.uniqueName("pika-rpc");
        responder.queueDeclare(requests, false, false, true, null);
        responder.basicConsume(requests, true, (tag, request) -> responder.basicPublish("",
                request.getProperties().getReplyTo(),
                new AMQP.BasicProperties.Builder().correlationId(request.getProperties().getCorrelationId()).build(),
                new String(request.getBody(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8)), tag -> { });
        Path script = tmp.resolve("direct_reply_to_pika.py");
        try (InputStream in = getClass().getResourceAsStream("/lease/direct_reply_to_pika.py")) {
            Files.copy(in, script);
        }

        Process program = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(broker.port()), requests)
                .redirectErrorStream(true).start();

        assertThat(program.waitFor(60, TimeUnit.SECONDS)).as("the pika program finished").isTrue();
        String output = new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as("pika program output").contains("OK");
        assertThat(program.exitValue()).isZero();
    }

    private static boolean pikaAvailable() throws InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import pika").redirectErrorStream(true).start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
