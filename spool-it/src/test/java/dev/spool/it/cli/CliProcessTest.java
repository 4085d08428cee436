package dev.spool.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client commands as an operator runs them: their own JVM started with the jar's main class, configured by
 * {@code SPOOL_URL}, {@code SPOOL_USER} and {@code SPOOL_PASSWORD}, reading a message body from standard input, and
 * ending with the exit status a script checks.
 */
class CliProcessTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void publishFromStandardInputThenListQueuesInAJvmOfItsOwn() throws Exception {
        broker.newChannel().queueDeclare("from-stdin", false, false, false, null);

        Run published = spool("hello from a pipe", "publish", "--routing-key", "from-stdin");
        Run listed = spool(null, "queues", "list");

        assertThat(published.status()).as(published.toString()).isZero();
        assertThat(published.out()).isEqualTo("published, routed\n");
        assertThat(broker.existingQueue("from-stdin").messageCount()).isEqualTo(1);
        assertThat(listed.status()).as(listed.toString()).isZero();
        assertThat(listed.out()).containsPattern("from-stdin\\s+1\\s+0\\s+1\\s+0");
    }

    @Test
    void failureExitsWith1AndOneLineOnStandardError() throws Exception {
        Run run = spool(null, "queue", "peek", "missing");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("spool: queue 'missing' in vhost '/' not found\n");
    }

    private record Run(int status, String out, String err) {
    }

    private static Run spool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.spool.server.cli.SpoolCommand");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("SPOOL_URL", broker.httpUrl(), "SPOOL_USER", "guest",
                "SPOOL_PASSWORD", "guest"));
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("spool " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
