package dev.spool.examples.upload;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The scripted scenario behind {@code run.sh demo}, in one process with each worker on its own connection:
 * <ol>
 *   <li>10 pictures are uploaded over HTTP; all 30 jobs get done;</li>
 *   <li>the {@code process_thumbnails} worker is stopped (gracefully: what it holds is finished first);</li>
 *   <li>20 more pictures are uploaded; moderation and email keep up, while 20 {@code process_thumbnails} jobs wait
 *       in their queue;</li>
 *   <li>the thumbnail worker starts again and drains the backlog, printing it as it shrinks;</li>
 *   <li>checks: every job ran exactly once for every upload, every upload has its thumbnail, the queues are empty.</li>
 * </ol>
 * One {@code PASS}/{@code FAIL} line per check; {@link #run} is true when all passed. It purges the three queues first
 * and writes into a fresh temporary folder, deleted at the end when every check passed.
 *
 * <p>Threads: runs on the main thread; the workers run on the client library's threads.
 */
final class Demo {

    private static final int FIRST_BATCH = 10;
    private static final int SECOND_BATCH = 20;
    private static final long TIMEOUT_MILLIS = 60_000;

    private final Settings settings;
    private final JobLedger ledger = new JobLedger();
    private final List<String> uploads = new ArrayList<>();
    private boolean allPassed = true;

    Demo(Settings settings) throws Exception {
        this.settings = settings.forDemo(Files.createTempDirectory("spool-image-upload-demo"));
    }

    boolean run() throws Exception {
        ConnectionFactory factory = UploadExample.connectionFactory(settings);
        UploadStore store = new UploadStore(settings.uploadDir());
        Map<Job, JobWorker> workers = new EnumMap<>(Job.class);
        try (Connection connection = factory.newConnection("upload-demo");
             Channel channel = connection.createChannel();
             UploadEndpoint endpoint = new UploadEndpoint(factory, settings, store)) {
            Topology.declare(channel);
            for (Job job : Job.values()) {
                channel.queuePurge(job.queue());
                workers.put(job, start(factory, store, job));
            }
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/upload?email=demo@example.com");

            upload(http, uri, FIRST_BATCH);
            boolean done = waitFor(() -> allDone(Job.values()));
            check(done, FIRST_BATCH + " uploads: all " + FIRST_BATCH * 3 + " jobs done");

            say("stopping the process_thumbnails worker");
            workers.remove(Job.PROCESS_THUMBNAILS).close();
            upload(http, uri, SECOND_BATCH);
            boolean othersKeptUp = waitFor(() -> allDone(Job.MODERATE_CONTENT, Job.SEND_EMAIL));
            long backlog = channel.messageCount(Job.PROCESS_THUMBNAILS.queue());
            check(othersKeptUp && backlog == SECOND_BATCH, String.format(
                    "with the thumbnail worker stopped, moderation and email kept up with all %d uploads (%s), "
                            + "and %d process_thumbnails jobs waited in %s (expected %d)",
                    uploads.size(), othersKeptUp ? "yes" : "no", backlog, Job.PROCESS_THUMBNAILS.queue(),
                    SECOND_BATCH));

            say("starting the process_thumbnails worker again");
            workers.put(Job.PROCESS_THUMBNAILS, start(factory, store, Job.PROCESS_THUMBNAILS));
            List<Long> seen = new ArrayList<>(List.of(backlog));
            boolean drained = waitFor(() -> {
                long now = messageCount(channel, Job.PROCESS_THUMBNAILS.queue());
                if (seen.isEmpty() || seen.get(seen.size() - 1) != now) {
                    seen.add(now);
                }
                return allDone(Job.PROCESS_THUMBNAILS);
            });
            check(drained, "the backlog drained after the restart: ready jobs in the queue went " + seen);

            Thread.sleep(500); // a duplicate would show up now
            checkExactlyOnce(store);
            for (Job job : Job.values()) {
                long left = channel.messageCount(job.queue());
                check(left == 0, job.queue() + " is empty: " + left + " message(s) left");
            }
        } finally {
            for (JobWorker worker : workers.values()) {
                worker.close();
            }
        }
        if (allPassed) {
            deleteFolder(settings.uploadDir());
        }
        System.out.println(allPassed ? "image-upload demo: PASS" : "image-upload demo: FAIL");
        return allPassed;
    }

    private JobWorker start(ConnectionFactory factory, UploadStore store, Job job) throws Exception {
        return JobWorker.start(factory, settings, job, UploadExample.handlerFor(job, store, settings), ledger);
    }

    private void upload(HttpClient http, URI uri, int count) throws Exception {
        int refused = 0;
        for (int i = 0; i < count; i++) {
            var response = UploadExample.post(http, uri, SampleImages.png(uploads.size()));
            if (response.statusCode() == 201) {
                String body = response.body();
                uploads.add(body.substring(body.indexOf(":\"") + 2, body.lastIndexOf('"')));
            } else {
                refused++;
            }
        }
        check(refused == 0, count + " pictures uploaded, " + refused + " refused");
    }

    private boolean allDone(Job... jobs) {
        for (Job job : jobs) {
            for (String upload : uploads) {
                if (ledger.runs(job, upload) == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private void checkExactlyOnce(UploadStore store) {
        List<String> wrong = new ArrayList<>();
        for (String upload : uploads) {
            for (Job job : Job.values()) {
                if (ledger.runs(job, upload) != 1) {
                    wrong.add(job.jobName() + " ran " + ledger.runs(job, upload) + "x for " + upload);
                }
            }
            if (!Files.isRegularFile(store.thumbnail(upload)) || !Files.isRegularFile(store.moderation(upload))) {
                wrong.add(upload + " lacks its thumbnail or verdict");
            }
        }
        check(wrong.isEmpty(), String.format("%d uploads x 3 jobs: each ran exactly once, every upload has its "
                + "thumbnail and verdict%s", uploads.size(), wrong.isEmpty() ? "" : "; wrong: " + wrong));
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }

    private static long messageCount(Channel channel, String queue) {
        try {
            return channel.messageCount(queue);
        } catch (Exception e) {
            return -1;
        }
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private static void say(String what) {
        System.out.println("---- " + what);
    }

    private void check(boolean passed, String what) {
        allPassed &= passed;
        System.out.println((passed ? "PASS " : "FAIL ") + what);
    }
}
