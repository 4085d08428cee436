package dev.spool.examples.signup;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a delivered message somewhere else without ever having it in neither place: publishes a copy (after a
 * delay, for retries), and only once the broker confirmed the copy acks the original. Should the copy fail, the
 * original is requeued instead and will be delivered again. Until then the original stays unacknowledged, so a worker
 * that dies meanwhile loses nothing: the broker delivers the original to another consumer.
 *
 * <p>This is at-least-once: a worker dying between the confirm and the ack leaves both, which is why an email's
 * message id (the user id) is what a real sender would deduplicate on.
 *
 * <p>Threads: consumer threads call {@link #republish}; the delay and the ack run on this class's one scheduler
 * thread. Acking on a thread other than the one that received the delivery is fine: what matters is the channel.
 */
final class Republisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Republisher.class);

    private final ConfirmedPublisher publisher;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "republisher");
        thread.setDaemon(true);
        return thread;
    });

    Republisher(ConfirmedPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * After {@code delayMillis}, publishes the copy to {@code exchange} with {@code routingKey}, then acks the
     * original {@code deliveryTag} on {@code channel} once the copy is confirmed (or requeues it if not).
     */
    void republish(Channel channel, long deliveryTag, String exchange, String routingKey,
                   AMQP.BasicProperties properties, byte[] body, long delayMillis) {
        scheduler.schedule(() -> publisher.publish(exchange, routingKey, properties, body)
                .whenCompleteAsync((ok, failure) -> settleOriginal(channel, deliveryTag, failure), scheduler),
                delayMillis, TimeUnit.MILLISECONDS);
    }

    private static void settleOriginal(Channel channel, long deliveryTag, Throwable failure) {
        try {
            if (failure == null) {
                channel.basicAck(deliveryTag, false);
            } else {
                LOG.warn("could not republish ({}); the original goes back to its queue", failure.getMessage());
                channel.basicNack(deliveryTag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            // The channel closed: the broker requeues every unacknowledged message of it by itself.
            LOG.warn("could not settle delivery {}: {}", deliveryTag, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
