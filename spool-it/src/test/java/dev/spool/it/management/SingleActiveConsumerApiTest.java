package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How management shows single active consumer, as RabbitMQ 3.8+: {@code single_active_consumer_tag} on the queue,
 * {@code active} and {@code activity_status} ({@code single_active}, {@code waiting}, or {@code up} elsewhere) on
 * each consumer.
 */
class SingleActiveConsumerApiTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private final ManagementHttp api = new ManagementHttp(broker.httpUrl(), "guest", "guest");

    private Map<String, JsonNode> consumersOf(String queue) {
        Map<String, JsonNode> byTag = new HashMap<>();
        for (JsonNode consumer : api.get("/api/consumers").json()) {
            if (queue.equals(consumer.get("queue").get("name").asText())) {
                byTag.put(consumer.get("consumer_tag").asText(), consumer);
            }
        }
        return byTag;
    }

    @Test
    void queueNamesItsActiveConsumerAndConsumersShowWhetherTheyAreActiveOrWaiting() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("sac-api");
        channel.queueDeclare(queue, false, false, false, Map.of("x-single-active-consumer", true));
        String plain = broker.uniqueName("plain-api");
        channel.queueDeclare(plain, false, false, false, null);
        channel.basicConsume(queue, true, "one", (tag, delivery) -> { }, tag -> { });
        channel.basicConsume(queue, true, "two", (tag, delivery) -> { }, tag -> { });
        channel.basicConsume(plain, true, "three", (tag, delivery) -> { }, tag -> { });

        await().atMost(Duration.ofSeconds(5)).until(() -> consumersOf(queue).size() == 2);
        JsonNode q = api.get("/api/queues/%2F/" + queue).json();
        assertThat(q.get("single_active_consumer_tag").asText()).isEqualTo("one");
        Map<String, JsonNode> consumers = consumersOf(queue);
        assertThat(consumers.get("one").get("active").asBoolean()).isTrue();
        assertThat(consumers.get("one").get("activity_status").asText()).isEqualTo("single_active");
        assertThat(consumers.get("two").get("active").asBoolean()).isFalse();
        assertThat(consumers.get("two").get("activity_status").asText()).isEqualTo("waiting");
        JsonNode three = consumersOf(plain).get("three");
        assertThat(three.get("active").asBoolean()).isTrue();
        assertThat(three.get("activity_status").asText()).isEqualTo("up");
        assertThat(api.get("/api/queues/%2F/" + plain).json().get("single_active_consumer_tag").isNull()).isTrue();

        channel.basicCancel("one");
        await().atMost(Duration.ofSeconds(5)).until(() -> consumersOf(queue).size() == 1);
        assertThat(api.get("/api/queues/%2F/" + queue).json().get("single_active_consumer_tag").asText())
                .isEqualTo("two");
        assertThat(consumersOf(queue).get("two").get("activity_status").asText()).isEqualTo("single_active");
    }
}
