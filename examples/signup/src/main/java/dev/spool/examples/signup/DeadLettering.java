package dev.spool.examples.signup;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * How an email that ran out of retries reaches {@link Topology#DEAD_LETTER_QUEUE}: the one decision to change when
 * the broker dead-letters by itself.
 *
 * <ul>
 *   <li>{@link Mode#BROKER} (the default): the worker rejects the message without requeue, and the broker moves it
 *       along the work queue's {@code x-dead-letter-exchange} and {@code x-dead-letter-routing-key} (declared in
 *       {@link Topology} in both modes), adding an {@code x-death} header, as RabbitMQ and Spool both do.</li>
 *   <li>{@link Mode#WORKER}: the worker publishes the message to {@link Topology#DEAD_LETTER_EXCHANGE} with a
 *       confirm, then acks the original, adding {@code x-last-error}. Works on a broker without dead-lettering.</li>
 * </ul>
 *
 * <p>Threads: called on the consumer thread that received the message.
 */
interface DeadLettering {

    /** Moves the message to the dead-letter queue; {@code reason} is the last error. */
    void deadLetter(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body, String reason)
            throws IOException;

    /** Who moves the message. */
    enum Mode {
        BROKER, WORKER;

        DeadLettering create(Republisher republisher) {
            return this == WORKER ? new ByWorker(republisher) : new ByBroker();
        }
    }

    /** The worker publishes to the dead-letter exchange itself, then acks. */
    final class ByWorker implements DeadLettering {
        private final Republisher republisher;

        ByWorker(Republisher republisher) {
            this.republisher = republisher;
        }

        @Override
        public void deadLetter(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body,
                               String reason) {
            Map<String, Object> headers = properties.getHeaders() == null
                    ? new HashMap<>() : new HashMap<>(properties.getHeaders());
            headers.put("x-last-error", reason);
            headers.put("x-original-queue", Topology.WORK_QUEUE);
            republisher.republish(channel, envelope.getDeliveryTag(), Topology.DEAD_LETTER_EXCHANGE,
                    Topology.DEAD_LETTER_QUEUE, properties.builder().headers(headers).build(), body, 0);
        }
    }

    /** The broker moves it: reject without requeue, the queue's x-dead-letter-exchange does the rest. */
    final class ByBroker implements DeadLettering {
        @Override
        public void deadLetter(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body,
                               String reason) throws IOException {
            channel.basicReject(envelope.getDeliveryTag(), false);
        }
    }
}
