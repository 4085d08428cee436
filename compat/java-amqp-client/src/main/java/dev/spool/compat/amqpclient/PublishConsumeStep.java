package dev.spool.compat.amqpclient;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Publishes 200 messages to a classic queue and consumes them with manual acks under {@code basic.qos(10)}: while
 * nothing is acked the broker must stop at 10 unacked deliveries; once acks flow every message arrives exactly once,
 * none marked redelivered, and the queue ends empty.
 */
final class PublishConsumeStep implements Step {

    static final String QUEUE = "compat.java-amqp-client.work";
    private static final int MESSAGES = 200;
    private static final int PREFETCH = 10;

    @Override
    public String name() {
        return "publish-consume";
    }

    @Override
    public String run(CompatSettings settings) throws Exception {
        try (Connection connection = settings.connectionFactory().newConnection("compat java-amqp-client");
             Channel channel = connection.createChannel()) {
            channel.queueDelete(QUEUE);
            channel.queueDeclare(QUEUE, false, false, false, null);
            Ledger ledger = new Ledger(name());
            for (int i = 0; i < MESSAGES; i++) {
                String id = "work-" + i;
                ledger.expect(id);
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(id).build();
                channel.basicPublish("", QUEUE, properties, id.getBytes(StandardCharsets.UTF_8));
            }
            channel.basicQos(PREFETCH);
            HoldingConsumer consumer = new HoldingConsumer(channel, ledger);
            String tag = channel.basicConsume(QUEUE, false, consumer);

            if (!consumer.awaitHeld(PREFETCH, 5, TimeUnit.SECONDS)) {
                throw new CheckFailure("with prefetch " + PREFETCH + " and no ack, got only " + consumer.held()
                        + " deliveries in 5 s");
            }
            Thread.sleep(300); // time for a broker that ignores the prefetch limit to send more
            if (consumer.held() != PREFETCH) {
                throw new CheckFailure("prefetch " + PREFETCH + " not respected: " + consumer.held()
                        + " unacked deliveries");
            }
            consumer.release();

            ledger.awaitAll(Duration.ofSeconds(15));
            Thread.sleep(200); // a late duplicate would show up here
            ledger.verifyExactlyOnce();
            if (consumer.redelivered() != 0) {
                throw new CheckFailure(consumer.redelivered() + " first deliveries were flagged redelivered");
            }
            channel.basicCancel(tag);
            AMQP.Queue.DeclareOk state = channel.queueDeclarePassive(QUEUE);
            if (state.getMessageCount() != 0) {
                throw new CheckFailure("queue should be empty after every ack, has " + state.getMessageCount());
            }
            channel.queueDelete(QUEUE);
        }
        return MESSAGES + " messages delivered once each, at most " + PREFETCH + " unacked with basic.qos("
                + PREFETCH + "), queue empty after the acks";
    }

    /**
     * Holds the first deliveries without acking them, to see where the broker stops, then acks them with one
     * {@code multiple} ack and every later delivery one by one.
     */
    private static final class HoldingConsumer extends LedgerConsumer {

        private final Object lock = new Object();
        private boolean holding = true;
        private int held;
        private long lastHeldTag;

        HoldingConsumer(Channel channel, Ledger ledger) {
            super(channel, ledger);
        }

        @Override
        void settle(long deliveryTag, String id) throws IOException {
            synchronized (lock) {
                if (holding) {
                    held++;
                    lastHeldTag = deliveryTag;
                    lock.notifyAll();
                    return;
                }
            }
            super.settle(deliveryTag, id);
        }

        boolean awaitHeld(int count, long timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            synchronized (lock) {
                while (held < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                return true;
            }
        }

        int held() {
            synchronized (lock) {
                return held;
            }
        }

        void release() throws IOException {
            long tag;
            synchronized (lock) {
                holding = false;
                tag = lastHeldTag;
            }
            getChannel().basicAck(tag, true);
        }
    }
}
