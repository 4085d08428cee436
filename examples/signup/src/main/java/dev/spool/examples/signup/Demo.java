package dev.spool.examples.signup;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted scenario behind {@code run.sh demo}: the endpoint and the worker pool start in this process, 20
 * users sign up over HTTP (14 plain addresses, 3 at {@code flaky.example} that fail twice, 3 at
 * {@code bounce.example} that always fail), and then it checks that
 * <ul>
 *   <li>every signup was answered {@code 201} within {@code SIGNUP_MAX_RESPONSE_MS} (default 100 ms), the message
 *       confirmed by the broker before the answer;</li>
 *   <li>every good or flaky address got its welcome email exactly once, the flaky ones on their third attempt;</li>
 *   <li>every bouncing address was tried {@code 1 + maxRetries} times, never sent, and is in the dead-letter queue
 *       exactly once with {@code x-retry-count = maxRetries};</li>
 *   <li>the work queue is empty at the end.</li>
 * </ul>
 * One line per check, {@code PASS} or {@code FAIL}; {@link #run} is true when all passed. It starts by purging the
 * example's two queues, so a run interrupted earlier does not count.
 *
 * <p>Threads: runs on the main thread; the workers run on the client library's threads.
 */
final class Demo {

    private static final int SIGNUPS = 20;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final long maxResponseMillis =
            Long.parseLong(System.getenv().getOrDefault("SIGNUP_MAX_RESPONSE_MS", "100"));
    private final String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
    private boolean allPassed = true;

    Demo(Settings settings) {
        this.settings = settings;
    }

    boolean run() throws Exception {
        ConnectionFactory factory = SignupExample.connectionFactory(settings);
        MailServer mailServer = new MailServer(20);
        try (Connection connection = factory.newConnection("signup-demo");
             Channel channel = connection.createChannel()) {
            Topology.declare(channel);
            channel.queuePurge(Topology.WORK_QUEUE);
            channel.queuePurge(Topology.DEAD_LETTER_QUEUE);
            try (SignupEndpoint endpoint = new SignupEndpoint(factory, settings, new UserStore());
                 WorkerPool pool = new WorkerPool(factory, settings, mailServer)) {
                List<String> good = new ArrayList<>();
                List<String> flaky = new ArrayList<>();
                List<String> bouncing = new ArrayList<>();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/signup");
                signUp(http, uri, "warm-up-" + run + "@example.com"); // the JVM's first request is slow: not timed
                good.add("warm-up-" + run + "@example.com");
                List<Long> millis = new ArrayList<>();
                int refused = 0;
                for (int i = 1; i <= SIGNUPS; i++) {
                    String address = "user" + i + "-" + run + "@" + (i % 7 == 3 ? "flaky.example"
                            : i % 7 == 5 ? "bounce.example" : "example.com");
                    (address.endsWith("@flaky.example") ? flaky
                            : address.endsWith("@bounce.example") ? bouncing : good).add(address);
                    long started = System.nanoTime();
                    int status = signUp(http, uri, address);
                    millis.add((System.nanoTime() - started) / 1_000_000);
                    refused += status == 201 ? 0 : 1;
                }
                long slowest = millis.stream().mapToLong(Long::longValue).max().orElse(0);
                check(refused == 0 && slowest < maxResponseMillis, String.format(
                        "signups answered: %d of %d with 201, slowest %d ms (limit %d ms), all times %s",
                        SIGNUPS - refused, SIGNUPS, slowest, maxResponseMillis, millis));

                waitUntilSettled(channel, mailServer, good, flaky, bouncing);
                Thread.sleep(500); // a duplicate would show up now
                checkSent(mailServer, good, 1, "good addresses");
                checkSent(mailServer, flaky, MailServer.FLAKY_FAILURES + 1, "flaky addresses");
                checkDeadLettered(channel, mailServer, bouncing);
                long left = channel.messageCount(Topology.WORK_QUEUE);
                check(left == 0, Topology.WORK_QUEUE + " is empty: " + left + " message(s) left");
            }
        }
        System.out.println(allPassed ? "signup demo: PASS" : "signup demo: FAIL");
        return allPassed;
    }

    private static int signUp(HttpClient http, URI uri, String address) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + address))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void waitUntilSettled(Channel channel, MailServer mailServer, List<String> good, List<String> flaky,
                                  List<String> bouncing) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean sent = good.stream().allMatch(a -> mailServer.sent(a) > 0)
                    && flaky.stream().allMatch(a -> mailServer.sent(a) > 0);
            if (sent && channel.messageCount(Topology.DEAD_LETTER_QUEUE) >= bouncing.size()) {
                return;
            }
            Thread.sleep(50);
        }
        System.out.println("  (not settled after " + SETTLE_TIMEOUT.toSeconds() + " s)");
    }

    private void checkSent(MailServer mailServer, List<String> addresses, int attempts, String what) {
        List<String> wrong = new ArrayList<>();
        for (String address : addresses) {
            if (mailServer.sent(address) != 1 || mailServer.attempts(address) != attempts) {
                wrong.add(address + " sent " + mailServer.sent(address) + "x in " + mailServer.attempts(address)
                        + " attempt(s)");
            }
        }
        check(wrong.isEmpty(), String.format("%s: %d welcome emails sent exactly once, each on attempt %d%s",
                what, addresses.size(), attempts, wrong.isEmpty() ? "" : "; wrong: " + wrong));
    }

    private void checkDeadLettered(Channel channel, MailServer mailServer, List<String> bouncing) throws Exception {
        Map<String, Integer> inQueue = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        GetResponse message;
        while ((message = channel.basicGet(Topology.DEAD_LETTER_QUEUE, true)) != null) {
            String address = new String(message.getBody(), StandardCharsets.UTF_8);
            inQueue.merge(address, 1, Integer::sum);
            int retries = WelcomeEmailWorker.retryCount(message.getProps());
            if (retries != settings.maxRetries()) {
                wrong.add(address + " has x-retry-count " + retries);
            }
        }
        for (String address : bouncing) {
            if (inQueue.getOrDefault(address, 0) != 1 || mailServer.sent(address) != 0
                    || mailServer.attempts(address) != settings.maxRetries() + 1) {
                wrong.add(address + " dead-lettered " + inQueue.getOrDefault(address, 0) + "x, sent "
                        + mailServer.sent(address) + "x, " + mailServer.attempts(address) + " attempt(s)");
            }
        }
        inQueue.keySet().removeAll(bouncing);
        check(wrong.isEmpty() && inQueue.isEmpty(), String.format(
                "bouncing addresses: %d tried %d times, never sent, in %s exactly once%s%s", bouncing.size(),
                settings.maxRetries() + 1, Topology.DEAD_LETTER_QUEUE, wrong.isEmpty() ? "" : "; wrong: " + wrong,
                inQueue.isEmpty() ? "" : "; unexpected: " + inQueue));
    }

    private void check(boolean passed, String what) {
        allPassed &= passed;
        System.out.println((passed ? "PASS " : "FAIL ") + what);
    }
}
