package dev.spool.examples.upload;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the image-upload example.
 *
 * <pre>
 * run.sh                     the endpoint and all three workers in one process, until Ctrl-C
 * run.sh web                 only the endpoint
 * run.sh worker JOB          only the worker for JOB: process_thumbnails, moderate_content or send_email
 * run.sh upload [N]          uploads N generated pictures (default 10) to the endpoint on UPLOAD_HTTP_PORT
 * run.sh backlog             prints how many jobs wait in each queue, and how many workers consume it
 * run.sh demo                the scripted scenario: stops and restarts the thumbnail worker; exits 0 when it held
 * </pre>
 *
 * <p>Threads: the main thread starts the parts and waits for Ctrl-C, whose shutdown hook stops them gracefully.
 */
public final class UploadExample {

    private UploadExample() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Settings settings = Settings.fromEnvironment();
        String mode = args.length == 0 ? "serve" : args[0];
        switch (mode) {
            case "serve" -> serve(settings, true, List.of(Job.values()));
            case "web" -> serve(settings, true, List.of());
            case "worker" -> serve(settings, false, List.of(Job.named(args.length > 1 ? args[1] : "")));
            case "upload" -> upload(settings, args.length > 1 ? Integer.parseInt(args[1]) : 10);
            case "backlog" -> printBacklog(settings);
            case "demo" -> System.exit(new Demo(settings).run() ? 0 : 1);
            default -> {
                System.err.println("usage: run.sh [serve|web|worker JOB|upload [N]|backlog|demo]");
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

    static JobHandler handlerFor(Job job, UploadStore store, Settings settings) {
        return switch (job) {
            case PROCESS_THUMBNAILS -> new ThumbnailMaker(store, settings.jobMillis());
            case MODERATE_CONTENT -> new ContentModerator(store, settings.jobMillis());
            case SEND_EMAIL -> new UploadEmailer(settings.jobMillis());
        };
    }

    private static void serve(Settings settings, boolean web, List<Job> jobs) throws Exception {
        ConnectionFactory factory = connectionFactory(settings);
        UploadStore store = new UploadStore(settings.uploadDir());
        List<AutoCloseable> parts = new ArrayList<>();
        if (web) {
            parts.add(new UploadEndpoint(factory, settings, store));
        }
        JobLedger ledger = new JobLedger();
        for (Job job : jobs) {
            parts.add(JobWorker.start(factory, settings, job, handlerFor(job, store, settings), ledger));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    private static void upload(Settings settings, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://localhost:" + settings.httpPort() + "/upload?email=you@example.com");
        for (int i = 0; i < count; i++) {
            System.out.println(post(http, uri, SampleImages.png(System.nanoTime())).body().trim());
        }
    }

    private static void printBacklog(Settings settings) throws Exception {
        try (Connection connection = connectionFactory(settings).newConnection("upload-backlog");
             Channel channel = connection.createChannel()) {
            Topology.declare(channel);
            for (Job job : Job.values()) {
                AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(job.queue());
                System.out.printf("%-28s %5d jobs waiting, %d worker(s) consuming%n", job.queue(),
                        queue.getMessageCount(), queue.getConsumerCount());
            }
        }
    }

    static HttpResponse<String> post(HttpClient http, URI uri, byte[] image) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
