package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How management shows the queue features that order delivery: single active consumer as RabbitMQ 3.8+ shows it
 * ({@code single_active_consumer_tag} on the queue, {@code active} and {@code activity_status} on each consumer), and
 * a priority queue browsed in delivery order.
 */
class QueueOrderApiTest {
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
    void browsingAPriorityQueueListsMessagesInDeliveryOrderAndDeletingOneKeepsTheRest() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("priority-api");
        channel.queueDeclare(queue, true, false, false, Map.of("x-max-priority", 5));
        int[] priorities = {1, 4, 0, 4, 9};
        for (int i = 0; i < priorities.length; i++) {
            channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().priority(priorities[i]).build(),
                    ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        List<String> payloads = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode message : api.get("/api/queues/%2F/" + queue + "/peek?count=10").json()) {
            payloads.add(message.get("payload").asText());
            ids.add(message.get("id").asText());
        }
        assertThat(payloads).containsExactly("m4", "m1", "m3", "m0", "m2");

        api.send("DELETE", "/api/queues/%2F/" + queue + "/messages/" + ids.get(1), null);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(4);
        List<String> left = new ArrayList<>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            left.add(new String(response.getBody(), StandardCharsets.UTF_8));
        }
        assertThat(left).containsExactly("m4", "m3", "m0", "m2");
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
