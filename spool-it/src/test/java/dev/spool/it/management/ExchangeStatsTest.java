package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exchanges carry RabbitMQ's {@code message_stats}: {@code publish_in} counts messages published to the exchange,
 * {@code publish_out} the queues they were routed to (one per message and queue), each with a rate; per-object metrics
 * carry the same counters.
 */
class ExchangeStatsTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private final ManagementHttp http = new ManagementHttp(broker.httpUrl(), "guest", "guest");

    @Test
    void publishInCountsMessagesAndPublishOutCountsRoutedQueues() throws Exception {
        Channel channel = broker.newChannel();
        channel.exchangeDeclare("stats.topic", "topic");
        channel.queueDeclare("stats-all", false, false, false, null);
        channel.queueDeclare("stats-orders", false, false, false, null);
        channel.queueBind("stats-all", "stats.topic", "#");
        channel.queueBind("stats-orders", "stats.topic", "orders.*");
        broker.sampleStats();
        long sampledAt = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("stats.topic", "orders.new", null, bytes("o"));
        }
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("stats.topic", "invoices.new", null, bytes("i"));
        }
        channel.exchangeDeclare("stats.empty", "fanout");
        channel.basicPublish("stats.empty", "", null, bytes("lost"));
        channel.basicQos(1); // a round trip: every publish before it has been routed
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > sampledAt); // a rate needs time
        broker.sampleStats();

        JsonNode stats = http.get("/api/exchanges/%2F/stats.topic").json().path("message_stats");
        assertThat(stats.path("publish_in").asLong()).isEqualTo(8);
        assertThat(stats.path("publish_out").asLong()).isEqualTo(5 * 2 + 3);
        assertThat(stats.path("publish_in_details").path("rate").asDouble()).isPositive();
        assertThat(stats.path("publish_out_details").path("rate").asDouble()).isPositive();
        JsonNode unrouted = http.get("/api/exchanges/%2F/stats.empty").json().path("message_stats");
        assertThat(unrouted.path("publish_in").asLong()).isEqualTo(1);
        assertThat(unrouted.path("publish_out").asLong()).isZero();

        boolean listed = false;
        for (JsonNode exchange : http.get("/api/exchanges").json()) {
            if ("stats.topic".equals(exchange.path("name").asText())) {
                listed = true;
                assertThat(exchange.path("message_stats").path("publish_in").asLong()).isEqualTo(8);
            }
        }
        assertThat(listed).isTrue();

        String metrics = http.anonymous().get("/metrics/per-object").body();
        assertThat(metrics)
                .contains("spool_exchange_messages_published_in_total{vhost=\"/\",exchange=\"stats.topic\"} 8")
                .contains("spool_exchange_messages_published_out_total{vhost=\"/\",exchange=\"stats.topic\"} 13");
    }

    @Test
    void defaultExchangeCountsToo() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        long before = http.get("/api/exchanges/%2F/amq.default").json().path("message_stats").path("publish_in")
                .asLong();

        channel.basicPublish("", queue, null, bytes("d"));
        channel.basicQos(1);

        JsonNode stats = http.get("/api/exchanges/%2F/amq.default").json().path("message_stats");
        assertThat(stats.path("publish_in").asLong() - before).isEqualTo(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
