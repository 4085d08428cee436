package dev.spool.compat.amqpclient;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A topic exchange fanning events out to three queues: {@code all} bound with {@code #}, {@code orders} with
 * {@code order.*}, and {@code eu} with both {@code *.*.eu} and {@code order.#.eu}. Each queue must get exactly the
 * messages its patterns match, once each even when two of its bindings match the same message.
 */
final class TopicFanoutStep implements Step {

    private static final String EXCHANGE = "compat.java-amqp-client.events";
    private static final String PREFIX = "compat.java-amqp-client.events.";
    private static final int PER_KEY = 10;

    /** Routing key -> the queues (suffixes) it must reach. */
    private static final Map<String, List<String>> ROUTES = Map.of(
            "order.created", List.of("all", "orders"),
            "order.created.eu", List.of("all", "eu"),
            "payment.done.eu", List.of("all", "eu"),
            "order.shipped.us", List.of("all"),
            "order", List.of("all"),
            "audit", List.of("all"));

    private static final Map<String, List<String>> BINDINGS = Map.of(
            "all", List.of("#"),
            "orders", List.of("order.*"),
            "eu", List.of("*.*.eu", "order.#.eu"));

    @Override
    public String name() {
        return "topic-fanout";
    }

    @Override
    public String run(CompatSettings settings) throws Exception {
        try (Connection connection = settings.connectionFactory().newConnection("compat java-amqp-client");
             Channel channel = connection.createChannel()) {
            channel.exchangeDelete(EXCHANGE);
            channel.exchangeDeclare(EXCHANGE, "topic", false);
            Map<String, Ledger> ledgers = Map.of(
                    "all", new Ledger("queue all"), "orders", new Ledger("queue orders"), "eu", new Ledger("queue eu"));
            for (Map.Entry<String, List<String>> queue : BINDINGS.entrySet()) {
                String name = PREFIX + queue.getKey();
                channel.queueDelete(name);
                channel.queueDeclare(name, false, false, false, null);
                for (String pattern : queue.getValue()) {
                    channel.queueBind(name, EXCHANGE, pattern);
                }
            }
            channel.basicQos(20);
            for (Map.Entry<String, Ledger> entry : ledgers.entrySet()) {
                channel.basicConsume(PREFIX + entry.getKey(), false, new LedgerConsumer(channel, entry.getValue()));
            }
            try (Channel publishing = connection.createChannel()) {
                publishing.confirmSelect();
                for (Map.Entry<String, List<String>> route : ROUTES.entrySet()) {
                    for (int i = 0; i < PER_KEY; i++) {
                        String id = route.getKey() + "#" + i;
                        for (String queue : route.getValue()) {
                            ledgers.get(queue).expect(id);
                        }
                        publishing.basicPublish(EXCHANGE, route.getKey(), null, id.getBytes(StandardCharsets.UTF_8));
                    }
                }
                publishing.waitForConfirmsOrDie(10_000);
            }
            for (Ledger ledger : ledgers.values()) {
                ledger.awaitAll(Duration.ofSeconds(10));
            }
            Thread.sleep(200);
            for (Ledger ledger : ledgers.values()) {
                ledger.verifyExactlyOnce();
            }
            for (String queue : BINDINGS.keySet()) {
                channel.queueDelete(PREFIX + queue);
            }
            channel.exchangeDelete(EXCHANGE);
        }
        return ROUTES.size() * PER_KEY + " events through a topic exchange reached exactly the queues their keys "
                + "match (#, order.*, *.*.eu + order.#.eu), once each";
    }
}
