package dev.spool.examples.signup;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the signup example.
 *
 * <pre>
 * run.sh                  the endpoint and the worker pool in one process, until Ctrl-C
 * run.sh web              only the endpoint (emails pile up in the queue until workers run)
 * run.sh workers          only the worker pool
 * run.sh dead-letters     prints what is in the dead-letter queue, leaving it there
 * run.sh demo             the scripted scenario: 20 signups, checked; exits 0 when everything held
 * </pre>
 *
 * <p>Threads: the main thread starts the parts and then waits for Ctrl-C, whose shutdown hook closes them.
 */
public final class SignupExample {

    private SignupExample() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        String mode = args.length == 0 ? "serve" : args[0];
        switch (mode) {
            case "serve" -> serve(settings, true, true);
            case "web" -> serve(settings, true, false);
            case "workers" -> serve(settings, false, true);
            case "dead-letters" -> printDeadLetters(settings);
            case "demo" -> System.exit(new Demo(settings.withHttpPort(0)).run() ? 0 : 1);
            default -> {
                System.err.println("usage: run.sh [serve|web|workers|dead-letters|demo]");
                System.exit(2);
            }
        }
    }

    static ConnectionFactory connectionFactory(Settings settings) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(settings.amqpUrl());
        factory.setConnectionTimeout(5_000);
        factory.setNetworkRecoveryInterval(1_000); // automatic recovery is on by default: reconnects after a restart
        return factory;
    }

    private static void serve(Settings settings, boolean web, boolean workers) throws Exception {
        ConnectionFactory factory = connectionFactory(settings);
        AutoCloseable endpoint = web ? new SignupEndpoint(factory, settings, new UserStore()) : null;
        AutoCloseable pool = workers ? new WorkerPool(factory, settings, new MailServer(20)) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(endpoint);
            closeQuietly(pool);
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    private static void printDeadLetters(Settings settings) throws Exception {
        try (Connection connection = connectionFactory(settings).newConnection("signup-dead-letters");
             Channel channel = connection.createChannel()) {
            Topology.declare(channel);
            int count = 0;
            GetResponse message;
            while ((message = channel.basicGet(Topology.DEAD_LETTER_QUEUE, false)) != null) {
                count++;
                System.out.printf("%s  user %s  %s%n", new String(message.getBody(), StandardCharsets.UTF_8),
                        message.getProps().getMessageId(), message.getProps().getHeaders());
            }
            // Closing the channel without acking puts them all back, in order.
            System.out.printf("%d message(s) in %s%n", count, Topology.DEAD_LETTER_QUEUE);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("while closing: " + e);
        }
    }
}
