package dev.spool.compat.amqpclient;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A consumer that records each delivery's body (the message id) in a {@link Ledger} and acks it, one by one, as an
 * application with manual acknowledgements does. Runs on the client's consumer dispatch thread.
 */
class LedgerConsumer extends DefaultConsumer {

    private final Ledger ledger;
    private volatile int redelivered;

    LedgerConsumer(Channel channel, Ledger ledger) {
        super(channel);
        this.ledger = ledger;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        if (envelope.isRedeliver()) {
            redelivered++;
        }
        ledger.record(new String(body, StandardCharsets.UTF_8));
        settle(envelope.getDeliveryTag(), new String(body, StandardCharsets.UTF_8));
    }

    /** Acks the delivery; subclasses settle differently. */
    void settle(long deliveryTag, String id) throws IOException {
        getChannel().basicAck(deliveryTag, false);
    }

    int redelivered() {
        return redelivered;
    }
}
