package dev.spool.examples.signup;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /signup} with a form field {@code email}: saves the user, publishes {@code send_welcome_email} as a
 * persistent message and waits for the broker's confirm, then answers {@code 201} with the user's id. Sending the
 * email is left to the workers, so the answer takes milliseconds however slow the mail server is. If the message
 * cannot be queued, the user is removed again and the answer is {@code 503}, so the client may simply retry.
 *
 * <pre>
 * curl -i -d email=alice@example.com http://localhost:8080/signup
 * </pre>
 *
 * <p>Threads: the JDK's HTTP server calls {@link #handle} on its executor's threads, several at once; they share one
 * {@link ConfirmedPublisher}.
 */
final class SignupEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignupEndpoint.class);
    private static final long CONFIRM_TIMEOUT_MILLIS = 5_000;

    private final UserStore users;
    private final Connection connection;
    private final ConfirmedPublisher publisher;
    private final ExecutorService handlers = Executors.newFixedThreadPool(8);
    private final HttpServer server;

    SignupEndpoint(ConnectionFactory factory, Settings settings, UserStore users)
            throws IOException, TimeoutException {
        this.users = users;
        connection = factory.newConnection("signup-endpoint");
        publisher = new ConfirmedPublisher(connection);
        // Declared on a channel that stays open: the client library declares again, after a reconnect, what was
        // declared on channels that are still open.
        Topology.declare(publisher.channel());
        // The JDK's server writes a response's headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add some 40 ms to every answer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(settings.httpPort()), 0);
        server.createContext("/signup", this::handle);
        server.setExecutor(handlers);
        server.start();
        LOG.info("signup endpoint: curl -d email=alice@example.com http://localhost:{}/signup", port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, "{\"error\":\"POST a form with an email field\"}");
                return;
            }
            String email = formField(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    "email");
            if (email == null || !email.matches("[^@\\s]+@[^@\\s]+")) {
                respond(exchange, 400, "{\"error\":\"email missing or not an address\"}");
                return;
            }
            Optional<UserStore.User> saved = users.save(email);
            if (saved.isEmpty()) {
                respond(exchange, 409, "{\"error\":\"" + email + " has signed up already\"}");
                return;
            }
            UserStore.User user = saved.get();
            try {
                enqueueWelcomeEmail(user);
            } catch (Exception e) {
                users.remove(user);
                LOG.warn("signup of {} failed, the welcome email could not be queued: {}", email, e.toString());
                respond(exchange, 503, "{\"error\":\"try again: the welcome email could not be queued\"}");
                return;
            }
            long micros = (System.nanoTime() - started) / 1_000;
            LOG.info("signed up {}: saved, send_welcome_email queued and confirmed in {}.{} ms", email,
                    micros / 1000, String.format("%03d", micros % 1000));
            respond(exchange, 201, "{\"id\":\"" + user.id() + "\",\"email\":\"" + email + "\"}");
        }
    }

    /** Publishes the job persistent and mandatory, and returns once the broker confirmed it. */
    private void enqueueWelcomeEmail(UserStore.User user) throws Exception {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .deliveryMode(2) // persistent: written to disk by a broker that keeps messages across restarts
                .contentType("text/plain")
                .messageId(user.id())
                .type(Topology.SEND_WELCOME_EMAIL)
                .appId("signup")
                .timestamp(Date.from(user.createdAt()))
                .build();
        publisher.publish(Topology.EXCHANGE, Topology.SEND_WELCOME_EMAIL, properties,
                        user.email().getBytes(StandardCharsets.UTF_8))
                .get(CONFIRM_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8).trim();
            }
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop(0);
        handlers.shutdown();
        publisher.close();
        connection.close();
    }
}
