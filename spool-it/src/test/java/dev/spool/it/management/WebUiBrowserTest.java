package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The management web UI in a real browser: headless Chromium (Debian's {@code /usr/bin/chromium}, or {@code
 * CHROMIUM}) driven by {@code playwright-core} from {@code src/test/ui/ui.test.mjs} (see there for the steps: a
 * wrong password, closing a connection, the queue list, peek, purge, publish, definitions export and import, redrive where the broker has it, and a monitoring user whose purge is refused).
 *
 * <p>Node modules are installed once with {@code npm ci} into {@code target/ui-test}, reused while the lock file is
 * unchanged. Without node, npm or Chromium the test is skipped with the reason; under CI ({@code CI=true}, where
 * {@code .ci/run} installs Chromium) it fails instead, so a broken setup cannot pass unnoticed.
 */
class WebUiBrowserTest {
    private static final long SCENARIO_TIMEOUT_SECONDS = 180;
    private static final long NPM_TIMEOUT_SECONDS = 240;
    private static final int MESSAGES = 3;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void aPersonLogsInSeesTheQueueFillUpPeeksAndPurgesIt() throws Exception {
        String node = required(onPath("node"), "node is not installed");
        String npm = required(onPath("npm"), "npm is not installed");
        Path chromium = Path.of(Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium"));
        required(Files.isExecutable(chromium) ? Optional.of(chromium.toString()) : Optional.empty(),
                chromium + " is missing (apt-get install chromium)");
        Path work = installNodeModules(npm);

        broker.server().broker().users().put("ui-watcher", "ui-watcher", Set.of("monitoring"));
        String queue = broker.uniqueName("ui-orders");
        try (Channel channel = broker.newChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            for (int i = 1; i <= MESSAGES; i++) {
                channel.basicPublish("", queue, null, ("ui test message " + i).getBytes(StandardCharsets.UTF_8));
            }
            channel.queueDeclare(queue + "-dlq", true, false, false, null);
            channel.queueDeclare(queue + "-work", true, false, false, null);
            for (int i = 1; i <= 2; i++) {
                channel.basicPublish("", queue + "-dlq", null, ("dead " + i).getBytes(StandardCharsets.UTF_8));
            }
        }

        ConnectionFactory factory = broker.connectionFactory();
        Connection toClose = factory.newConnection("ui-test-client");

        Path log = work.resolve("ui-test.log");
        Process scenario = new ProcessBuilder(node, "ui.test.mjs", broker.httpUrl(), queue, Integer.toString(MESSAGES),
                "ui-watcher", "ui-watcher", work.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = scenario.waitFor(SCENARIO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            scenario.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(finished).as("the browser scenario finished within %d s; output:%n%s", SCENARIO_TIMEOUT_SECONDS,
                output).isTrue();
        assertThat(scenario.exitValue()).as("the browser scenario's exit status; output:%n%s", output).isZero();

        // What the browser did, seen from AMQP: the connection closed by an operator,
        await().atMost(Duration.ofSeconds(5)).until(() -> !toClose.isOpen());
        assertThat(((AMQP.Connection.Close) toClose.getCloseReason().getReason()).getReplyCode()).isEqualTo(320);
        // purged by guest, one message published from the page, the
        // monitoring user's purge refused.
        try (Channel channel = broker.newChannel()) {
            assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
            GetResponse left = channel.basicGet(queue, true);
            assertThat(new String(left.getBody(), StandardCharsets.UTF_8)).isEqualTo("published from the browser");
            assertThat(left.getProps().getDeliveryMode()).isEqualTo(2);
            // a definitions file uploaded,
            assertThat(channel.queueDeclarePassive(queue + "-imported").getMessageCount()).isZero();
            // and, where the broker has redrive, the dead-letter queue's messages moved
            boolean redriven = output.contains("redrive: available");
            assertThat(output).containsAnyOf("redrive: available", "redrive: unavailable");
            assertThat(channel.queueDeclarePassive(queue + "-work").getMessageCount()).isEqualTo(redriven ? 2 : 0);
            assertThat(channel.queueDeclarePassive(queue + "-dlq").getMessageCount()).isEqualTo(redriven ? 0 : 2);
        }
    }

    /** Copies the scenario into target/ui-test and runs npm ci there unless its modules match the lock file. */
    private static Path installNodeModules(String npm) throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("basedir", "."), "src", "test", "ui");
        Path work = Path.of(System.getProperty("basedir", "."), "target", "ui-test");
        Files.createDirectories(work);
        boolean lockChanged = !Files.exists(work.resolve("package-lock.json"))
                || Files.mismatch(source.resolve("package-lock.json"), work.resolve("package-lock.json")) != -1;
        for (String file : List.of("package.json", "package-lock.json", "ui.test.mjs")) {
            Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!lockChanged && Files.exists(work.resolve("node_modules/playwright-core/package.json"))) {
            return work;
        }
        Path log = work.resolve("npm-ci.log");
        Process install = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = install.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            install.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        required(finished && install.exitValue() == 0 ? Optional.of("ok") : Optional.empty(),
                "npm ci of playwright-core failed: " + output.strip());
        return work;
    }

    private static Optional<String> onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** The value, or a skip with the reason (a failure under CI, which installs what the test needs). */
    private static String required(Optional<String> value, String reason) {
        if (value.isPresent()) {
            return value.get();
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + " (CI installs it in .ci/run)");
        }
        Assumptions.abort("browser test skipped: " + reason);
        return null;
    }
}
