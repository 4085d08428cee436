package dev.spool.examples.upload;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /upload?email=...} with the image as the request body: saves the upload, publishes its three jobs as
 * persistent messages, waits for the broker to confirm all three, and answers {@code 201} with the upload's id.
 *
 * <pre>
 * curl --data-binary @photo.png 'http://localhost:8081/upload?email=alice@example.com'
 * </pre>
 *
 * <p>Threads: the JDK's HTTP server calls {@link #handle} on its executor's threads. They share one channel in confirm
 * mode; publishing an upload's three jobs and waiting for their confirms is one step under the channel's lock, so
 * each request waits only for its own messages (and those published before them).
 */
final class UploadEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadEndpoint.class);
    private static final int MAX_UPLOAD_BYTES = 10 << 20;

    private final UploadStore store;
    private final Connection connection;
    private final Channel channel;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final HttpServer server;

    UploadEndpoint(ConnectionFactory factory, Settings settings, UploadStore store)
            throws IOException, TimeoutException {
        this.store = store;
        connection = factory.newConnection("upload-endpoint");
        channel = connection.createChannel();
        Topology.declare(channel);
        channel.confirmSelect();
        // Without TCP_NODELAY the JDK's server, which writes headers and body separately, waits on Nagle's algorithm.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(settings.httpPort()), 0);
        server.createContext("/upload", this::handle);
        server.setExecutor(handlers);
        server.start();
        LOG.info("upload endpoint: curl --data-binary @photo.png 'http://localhost:{}/upload?email=you@example.com'",
                port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, "{\"error\":\"POST the image as the request body\"}");
                return;
            }
            byte[] image = exchange.getRequestBody().readNBytes(MAX_UPLOAD_BYTES + 1);
            if (image.length == 0 || image.length > MAX_UPLOAD_BYTES) {
                respond(exchange, 400, "{\"error\":\"the body must be an image of at most 10 MiB\"}");
                return;
            }
            String email = queryParameter(exchange.getRequestURI().getRawQuery(), "email");
            String id = store.save(image);
            try {
                queueJobs(id, email == null ? "nobody@example.com" : email);
            } catch (Exception e) {
                LOG.warn("upload {} saved but its jobs could not be queued: {}", id, e.toString());
                respond(exchange, 503, "{\"error\":\"try again: the jobs could not be queued\"}");
                return;
            }
            LOG.info("upload {} saved ({} KiB), 3 jobs queued and confirmed in {} ms", JobWorker.shortId(id),
                    image.length / 1024, (System.nanoTime() - started) / 1_000_000);
            respond(exchange, 201, "{\"id\":\"" + id + "\"}");
        }
    }

    private void queueJobs(String id, String email) throws IOException, InterruptedException, TimeoutException {
        byte[] body = id.getBytes(StandardCharsets.UTF_8);
        synchronized (channel) {
            for (Job job : Job.values()) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .deliveryMode(2)
                        .contentType("text/plain")
                        .messageId(id + "/" + job.jobName())
                        .type(job.jobName())
                        .headers(Map.of("email", email))
                        .build();
                channel.basicPublish(Topology.EXCHANGE, job.jobName(), properties, body);
            }
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    private static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
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
    public void close() throws IOException {
        server.stop(0);
        handlers.shutdown();
        connection.close();
    }
}
