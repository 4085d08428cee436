package dev.spool.compat.amqpclient;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Dead-lettering: a work queue declared with {@code x-dead-letter-exchange} hands every message its consumer rejects
 * or nacks without requeue to that exchange; the dead-letter queue gets each exactly once, with an {@code x-death}
 * header saying {@code rejected} and the work queue's name. Acked messages never reach it.
 */
final class DeadLetterStep implements Step {

    private static final String EXCHANGE = "compat.java-amqp-client.dlx";
    private static final String WORK = "compat.java-amqp-client.dl-work";
    private static final String DEAD = "compat.java-amqp-client.dlq";
    private static final int MESSAGES = 30;

    @Override
    public String name() {
        return "dead-letter";
    }

    @Override
    public String run(CompatSettings settings) throws Exception {
        try (Connection connection = settings.connectionFactory().newConnection("compat java-amqp-client");
             Channel channel = connection.createChannel()) {
            channel.queueDelete(WORK);
            channel.queueDelete(DEAD);
            channel.exchangeDelete(EXCHANGE);
            channel.exchangeDeclare(EXCHANGE, "fanout", false);
            channel.queueDeclare(DEAD, false, false, false, null);
            channel.queueBind(DEAD, EXCHANGE, "");
            channel.queueDeclare(WORK, false, false, false, Map.of("x-dead-letter-exchange", EXCHANGE));

            Ledger work = new Ledger("work queue");
            Ledger dead = new Ledger("dead-letter queue");
            for (int i = 0; i < MESSAGES; i++) {
                String id = "job-" + i;
                work.expect(id);
                if (i % 3 != 2) {
                    dead.expect(id);
                }
                channel.basicPublish("", WORK, null, id.getBytes(StandardCharsets.UTF_8));
            }
            List<String> badHeaders = new CopyOnWriteArrayList<>();
            channel.basicQos(10);
            channel.basicConsume(WORK, false, new RejectingConsumer(channel, work));
            channel.basicConsume(DEAD, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) throws IOException {
                    String id = new String(body, StandardCharsets.UTF_8);
                    String death = deathSummary(properties);
                    if (!death.equals("rejected " + WORK + " 1")) {
                        badHeaders.add(id + ": x-death " + death);
                    }
                    dead.record(id);
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });
            work.awaitAll(Duration.ofSeconds(10));
            dead.awaitAll(Duration.ofSeconds(10));
            Thread.sleep(200);
            work.verifyExactlyOnce();
            dead.verifyExactlyOnce();
            if (!badHeaders.isEmpty()) {
                throw new CheckFailure("expected x-death 'rejected " + WORK + " 1' on every dead letter, got "
                        + badHeaders.subList(0, Math.min(3, badHeaders.size())));
            }
            channel.queueDelete(WORK);
            channel.queueDelete(DEAD);
            channel.exchangeDelete(EXCHANGE);
        }
        return "20 of " + MESSAGES + " messages rejected/nacked without requeue were dead-lettered once each with "
                + "x-death 'rejected'; acked ones were not";
    }

    /** "reason queue count" of the first x-death entry, or what was there instead. */
    private static String deathSummary(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object deaths = headers == null ? null : headers.get("x-death");
        if (!(deaths instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Map<?, ?> first)) {
            return "missing (headers " + headers + ")";
        }
        return first.get("reason") + " " + first.get("queue") + " " + first.get("count");
    }

    /** Rejects ids 0, 3, 6, ..., nacks 1, 4, 7, ... (both without requeue) and acks the rest. */
    private static final class RejectingConsumer extends LedgerConsumer {

        RejectingConsumer(Channel channel, Ledger ledger) {
            super(channel, ledger);
        }

        @Override
        void settle(long deliveryTag, String id) throws IOException {
            int n = Integer.parseInt(id.substring(id.indexOf('-') + 1));
            switch (n % 3) {
                case 0 -> getChannel().basicReject(deliveryTag, false);
                case 1 -> getChannel().basicNack(deliveryTag, false, false);
                default -> getChannel().basicAck(deliveryTag, false);
            }
        }
    }
}
