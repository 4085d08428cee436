package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queue features set by policies take effect on queues that exist already: a policy's {@code max-length} and
 * {@code dead-letter-exchange} dead-letter the overflow of a queue at once and from then on, and an operator policy
 * caps the length an application declared.
 */
class PolicyQueueFeaturesTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private ManagementHttp api;

    @BeforeEach
    void client() {
        api = new ManagementHttp(broker.httpUrl(), "guest", "guest");
    }

    @AfterEach
    void removePolicies() {
        for (String kind : new String[] {"policies", "operator-policies"}) {
            for (JsonNode policy : api.get("/api/" + kind + "/%2F").json()) {
                api.delete("/api/" + kind + "/%2F/" + policy.get("name").asText());
            }
        }
    }

    @Test
    void aPolicySettingMaxLengthAndDeadLetterExchangeDeadLettersTheOverflowOfAnExistingQueue() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("policed");
        String dead = broker.uniqueName("policed-dead");
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueDeclare(dead, true, false, false, null);
        for (int i = 1; i <= 5; i++) {
            publish(channel, queue, "m" + i);
        }
        awaitReady(queue, 5);

        assertThat(api.put("/api/policies/%2F/limit", "{\"pattern\":\"^" + queue + "$\",\"apply-to\":\"queues\","
                + "\"definition\":{\"max-length\":2,\"dead-letter-exchange\":\"\","
                + "\"dead-letter-routing-key\":\"" + dead + "\"}}").status()).isEqualTo(201);

        awaitReady(queue, 2); // the oldest three leave at once (drop-head), into the dead letter exchange
        awaitReady(dead, 3);
        publish(channel, queue, "m6"); // and the limit holds for what comes next
        awaitReady(dead, 4);
        assertThat(bodies(drain(channel, queue))).containsExactly("m5", "m6");
        List<GetResponse> deadLetters = drain(channel, dead);
        assertThat(bodies(deadLetters)).containsExactly("m1", "m2", "m3", "m4");
        for (GetResponse deadLetter : deadLetters) {
            assertThat(firstDeath(deadLetter)).containsEntry("reason", "maxlen").containsEntry("queue", queue);
        }
    }

    @Test
    void anOperatorPolicyCapsTheMaxLengthAnApplicationDeclared() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("capped-app");
        channel.queueDeclare(queue, true, false, false, Map.of("x-max-length", 100));
        for (int i = 1; i <= 4; i++) {
            publish(channel, queue, "m" + i);
        }
        awaitReady(queue, 4);

        assertThat(api.put("/api/operator-policies/%2F/cap", "{\"pattern\":\"^" + queue + "$\","
                + "\"apply-to\":\"queues\",\"definition\":{\"max-length\":2}}").status()).isEqualTo(201);

        awaitReady(queue, 2);
        publish(channel, queue, "m5");
        publish(channel, queue, "m6");
        channel.queueDeclarePassive(queue); // a round trip after the publishes
        awaitReady(queue, 2);
        assertThat(bodies(drain(channel, queue))).containsExactly("m5", "m6");

        api.delete("/api/operator-policies/%2F/cap"); // the application's own limit applies again
        for (int i = 7; i <= 10; i++) {
            publish(channel, queue, "m" + i);
        }
        awaitReady(queue, 4);
    }

    private void awaitReady(String queue, int ready) {
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).messageCount() == ready);
    }

    private static void publish(Channel channel, String queue, String body) throws IOException {
        channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<GetResponse> drain(Channel channel, String queue) throws IOException {
        List<GetResponse> out = new ArrayList<>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            out.add(response);
        }
        return out;
    }

    private static List<String> bodies(List<GetResponse> responses) {
        List<String> out = new ArrayList<>();
        for (GetResponse response : responses) {
            out.add(new String(response.getBody(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstDeath(GetResponse response) {
        Map<String, Object> death = ((List<Map<String, Object>>) response.getProps().getHeaders().get("x-death"))
                .get(0);
        Map<String, Object> out = new java.util.HashMap<>();
        death.forEach((k, v) -> out.put(k, v instanceof LongString ? v.toString() : v));
        return out;
    }
}
