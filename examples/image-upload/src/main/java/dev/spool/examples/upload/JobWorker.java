package dev.spool.examples.upload;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker for one job: its own connection, one channel with {@code basic.qos(prefetch)}, one consumer on the job's
 * queue with manual acks. A job is acked after its handler returned; a handler that throws gets the job requeued
 * once (flagged redelivered) and dropped with a log line the second time, so one bad upload cannot loop forever.
 *
 * <p>{@link #close} stops gracefully, as a service does on SIGTERM: it cancels the consumer, lets the jobs already
 * delivered finish and be acked (the client library runs a channel's callbacks in order, so {@code handleCancelOk}
 * comes after them), then closes the connection. Whatever is still in the queue waits there for the next worker.
 *
 * <p>Threads: created and closed by the main thread; {@link #handleDelivery} runs on the client library's consumer
 * thread for this channel, one job at a time.
 */
final class JobWorker extends DefaultConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

    private final Job job;
    private final JobHandler handler;
    private final JobLedger ledger;
    private final Connection connection;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final String consumerTag;

    private JobWorker(Job job, JobHandler handler, JobLedger ledger, Connection connection, Channel channel) {
        super(channel);
        this.job = job;
        this.handler = handler;
        this.ledger = ledger;
        this.connection = connection;
        this.consumerTag = job.jobName() + "-worker";
    }

    /** Connects, declares the topology and starts consuming the job's queue. */
    static JobWorker start(ConnectionFactory factory, Settings settings, Job job, JobHandler handler,
                           JobLedger ledger) throws IOException, TimeoutException {
        Connection connection = factory.newConnection(job.jobName() + "-worker");
        Channel channel = connection.createChannel();
        Topology.declare(channel);
        channel.basicQos(settings.prefetch());
        JobWorker worker = new JobWorker(job, handler, ledger, connection, channel);
        channel.basicConsume(job.queue(), false, worker.consumerTag, worker);
        LOG.info("{} worker started: consuming {} (prefetch {})", job.jobName(), job.queue(), settings.prefetch());
        return worker;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        String uploadId = new String(body, StandardCharsets.UTF_8);
        Map<String, Object> headers = properties.getHeaders();
        String email = headers == null ? "?" : String.valueOf(headers.get("email"));
        try {
            String done = handler.handle(uploadId, email);
            ledger.record(job, uploadId);
            getChannel().basicAck(envelope.getDeliveryTag(), false);
            LOG.info("{} {}: {}{}", job.jobName(), shortId(uploadId), done,
                    envelope.isRedeliver() ? " (redelivered)" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            getChannel().basicNack(envelope.getDeliveryTag(), false, true);
        } catch (Exception e) {
            boolean again = !envelope.isRedeliver();
            LOG.warn("{} {} failed: {}; {}", job.jobName(), uploadId, e.toString(),
                    again ? "requeued for one more try" : "dropped");
            getChannel().basicNack(envelope.getDeliveryTag(), false, again);
        }
    }

    static String shortId(String uploadId) {
        return uploadId.substring(0, Math.min(8, uploadId.length()));
    }

    @Override
    public void handleCancelOk(String tag) {
        cancelled.countDown();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (getChannel().isOpen()) {
            getChannel().basicCancel(consumerTag);
            if (!cancelled.await(30, TimeUnit.SECONDS)) {
                LOG.warn("{} worker: jobs in hand still running after 30 s; closing anyway (they are requeued)",
                        job.jobName());
            }
        }
        connection.close();
        LOG.info("{} worker stopped", job.jobName());
    }
}
