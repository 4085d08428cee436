package dev.spool.compat.amqpclient;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publisher confirms and returns: 500 persistent messages on a confirm channel are all acked by the broker and all
 * land in the queue; a mandatory message nobody can route comes back as {@code basic.return} 312 NO_ROUTE and is
 * still confirmed, the return coming first, as RabbitMQ does.
 */
final class ConfirmsStep implements Step {

    static final String QUEUE = "compat.java-amqp-client.confirms";
    private static final int MESSAGES = 500;

    @Override
    public String name() {
        return "confirms";
    }

    @Override
    public String run(CompatSettings settings) throws Exception {
        try (Connection connection = settings.connectionFactory().newConnection("compat java-amqp-client");
             Channel channel = connection.createChannel()) {
            channel.queueDelete(QUEUE);
            channel.queueDeclare(QUEUE, true, false, false, null);
            channel.confirmSelect();
            AtomicInteger nacks = new AtomicInteger();
            List<String> order = new CopyOnWriteArrayList<>(); // listeners run in frame order on one thread
            channel.addConfirmListener((tag, multiple) -> order.add("ack " + tag), (tag, multiple) -> {
                nacks.incrementAndGet();
                order.add("nack " + tag);
            });
            CompletableFuture<String> returned = new CompletableFuture<>();
            channel.addReturnListener(r -> {
                order.add("return");
                returned.complete(r.getReplyCode() + " " + r.getReplyText() + " "
                        + new String(r.getBody(), StandardCharsets.UTF_8));
            });

            Ledger ledger = new Ledger(name());
            for (int i = 0; i < MESSAGES; i++) {
                String id = "confirmed-" + i;
                ledger.expect(id);
                channel.basicPublish("", QUEUE, persistent(id), id.getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
            long lastSequence = channel.getNextPublishSeqNo() - 1;
            if (lastSequence != MESSAGES) {
                throw new CheckFailure("expected publish sequence " + MESSAGES + ", client at " + lastSequence);
            }

            channel.basicPublish("", "compat.java-amqp-client.nowhere", true, persistent("unroutable"),
                    "unroutable".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
            String returnedText = returned.get(5, TimeUnit.SECONDS);
            if (!returnedText.equals("312 NO_ROUTE unroutable")) {
                throw new CheckFailure("expected basic.return '312 NO_ROUTE unroutable', got '" + returnedText + "'");
            }
            List<String> last = order.subList(Math.max(0, order.size() - 2), order.size());
            if (!last.equals(List.of("return", "ack " + (MESSAGES + 1)))) {
                throw new CheckFailure("RabbitMQ sends basic.return before the basic.ack of an unroutable mandatory "
                        + "message; got " + last);
            }
            if (nacks.get() != 0) {
                throw new CheckFailure(nacks.get() + " publishes were nacked");
            }

            AMQP.Queue.DeclareOk state = channel.queueDeclarePassive(QUEUE);
            if (state.getMessageCount() != MESSAGES) {
                throw new CheckFailure("queue holds " + state.getMessageCount() + " messages after " + MESSAGES
                        + " confirmed publishes");
            }
            try (Channel consuming = connection.createChannel()) {
                consuming.basicQos(50);
                consuming.basicConsume(QUEUE, false, new LedgerConsumer(consuming, ledger));
                ledger.awaitAll(Duration.ofSeconds(15));
                Thread.sleep(200);
                ledger.verifyExactlyOnce();
            }
            channel.queueDelete(QUEUE);
        }
        return MESSAGES + " persistent publishes confirmed and consumed once each; mandatory unroutable publish "
                + "returned 312 NO_ROUTE, then confirmed";
    }

    private static AMQP.BasicProperties persistent(String id) {
        return new AMQP.BasicProperties.Builder().messageId(id).deliveryMode(2).build();
    }
}
