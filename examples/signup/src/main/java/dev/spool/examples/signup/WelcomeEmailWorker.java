package dev.spool.examples.signup;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the worker pool: takes a {@code send_welcome_email} message, sends the email, and acks. When the
 * mail server refuses, it republishes the message with {@code x-retry-count} one higher after an exponential backoff
 * (acking the original once the copy is confirmed), and after {@link Settings#maxRetries()} retries hands it to
 * {@link DeadLettering}.
 *
 * <p>Threads: the client library calls {@link #handleDelivery} on its consumer thread pool, one delivery at a time
 * per channel; each worker has its own channel with its own prefetch, so workers run side by side.
 */
final class WelcomeEmailWorker extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(WelcomeEmailWorker.class);

    private final int number;
    private final MailServer mailServer;
    private final Republisher republisher;
    private final DeadLettering deadLettering;
    private final Settings settings;

    WelcomeEmailWorker(Channel channel, int number, MailServer mailServer, Republisher republisher,
                       DeadLettering deadLettering, Settings settings) {
        super(channel);
        this.number = number;
        this.mailServer = mailServer;
        this.republisher = republisher;
        this.deadLettering = deadLettering;
        this.settings = settings;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        String address = new String(body, StandardCharsets.UTF_8);
        int retries = retryCount(properties);
        try {
            mailServer.sendWelcomeEmail(address);
            getChannel().basicAck(envelope.getDeliveryTag(), false);
            LOG.info("worker {}: sent welcome email to {}{}", number, address,
                    retries == 0 ? "" : " (retry " + retries + ")");
        } catch (MailServer.MailRejectedException e) {
            if (retries < settings.maxRetries()) {
                long delay = settings.retryDelayMillis(retries + 1);
                LOG.info("worker {}: {} refused: {}; retry {} of {} in {} ms", number, address, e.getMessage(),
                        retries + 1, settings.maxRetries(), delay);
                republisher.republish(getChannel(), envelope.getDeliveryTag(), Topology.EXCHANGE,
                        Topology.SEND_WELCOME_EMAIL, withRetryCount(properties, retries + 1), body, delay);
            } else {
                LOG.warn("worker {}: {} refused: {}; gave up after {} retries, dead-lettered to {}", number, address,
                        e.getMessage(), retries, Topology.DEAD_LETTER_QUEUE);
                deadLettering.deadLetter(getChannel(), envelope, properties, body, e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            getChannel().basicNack(envelope.getDeliveryTag(), false, true);
        }
    }

    static int retryCount(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object count = headers == null ? null : headers.get(Topology.RETRY_COUNT_HEADER);
        return count instanceof Number ? ((Number) count).intValue() : 0;
    }

    private static AMQP.BasicProperties withRetryCount(AMQP.BasicProperties properties, int retries) {
        Map<String, Object> headers = properties.getHeaders() == null
                ? new HashMap<>() : new HashMap<>(properties.getHeaders());
        headers.put(Topology.RETRY_COUNT_HEADER, retries);
        return properties.builder().headers(headers).build();
    }
}
