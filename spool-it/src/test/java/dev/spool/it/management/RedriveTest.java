package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.spool.engine.auth.Permission;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redrive ({@code POST /api/queues/{vhost}/{name}/actions/redrive}) moves a dead-letter queue's messages back to the
 * queue named in their {@code x-death} headers, or to an explicit target, in order, no faster than the rate asked
 * for; messages it cannot place stay in the dead-letter queue; permissions are those of a get from the source and a
 * publish to the target. A dead-letter queue is just a queue here: the test publishes the dead letters itself, with the
 * headers RabbitMQ's dead-lettering writes.
 */
class RedriveTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private static ManagementHttp admin;

    @BeforeAll
    static void users() {
        admin = new ManagementHttp(broker.httpUrl(), "guest", "guest");
        var users = broker.server().broker().users();
        users.put("operator", "operator", Set.of("management"));
        users.setPermission("operator", "/", new Permission("", "^allowed-.*", ".*"));
    }

    @Test
    void redriveMovesMessagesBackToTheQueueTheyDiedInInOrderAtTheRate() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("orders", true, false, false, null);
        channel.queueDeclare("orders.dlq", true, false, false, null);
        for (int i = 0; i < 50; i++) {
            channel.basicPublish("", "orders.dlq", deadIn("orders", true), bytes("order-" + i));
        }
        channel.basicPublish("", "orders.dlq", MessageProperties.PERSISTENT_BASIC, bytes("never-died"));
        channel.basicQos(1);

        long started = System.nanoTime();
        ManagementHttp.Reply reply = admin.post("/api/queues/%2F/orders.dlq/actions/redrive", "{\"rate\": 100}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        assertThat(reply.json().path("state").asText()).isEqualTo("running");
        assertThat(reply.json().path("max").asLong()).isEqualTo(51);
        JsonNode done = awaitEnd("orders.dlq");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("moved").asLong()).isEqualTo(50);
        assertThat(done.path("skipped").asLong()).isEqualTo(1);
        assertThat(elapsedMillis).as("50 messages at 100/s take at least 0.49 s").isGreaterThanOrEqualTo(450);
        assertThat(broker.existingQueue("orders").messageCount()).isEqualTo(50);
        List<String> bodies = new ArrayList<>();
        GetResponse got;
        while ((got = channel.basicGet("orders", true)) != null) {
            bodies.add(new String(got.getBody(), StandardCharsets.UTF_8));
            assertThat(got.getProps().getHeaders()).containsKey("x-death");
            assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("order-" + i);
        }
        assertThat(bodies).containsExactlyElementsOf(expected);
        GetResponse left = channel.basicGet("orders.dlq", true);
        assertThat(new String(left.getBody(), StandardCharsets.UTF_8)).isEqualTo("never-died");
        assertThat(channel.basicGet("orders.dlq", true)).isNull();
    }

    @Test
    void redriveToAnExplicitTargetMovesAtMostMax() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("parking", false, false, false, null);
        channel.queueDeclare("retry-here", false, false, false, null);
        for (int i = 0; i < 10; i++) {
            channel.basicPublish("", "parking", null, bytes("p" + i));
        }
        channel.basicQos(1);

        ManagementHttp.Reply reply = admin.post("/api/queues/%2F/parking/actions/redrive",
                "{\"rate\": 1000, \"max\": 4, \"target\": \"retry-here\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        assertThat(awaitEnd("parking").path("moved").asLong()).isEqualTo(4);
        assertThat(broker.existingQueue("retry-here").messageCount()).isEqualTo(4);
        assertThat(broker.existingQueue("parking").messageCount()).isEqualTo(6);
        assertThat(new String(channel.basicGet("retry-here", true).getBody(), StandardCharsets.UTF_8))
                .isEqualTo("p0");
        assertThat(new String(channel.basicGet("parking", true).getBody(), StandardCharsets.UTF_8))
                .isEqualTo("p4");
    }

    @Test
    void redriveNeedsReadOnTheSourceAndWriteOnTheTarget() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("perm-dlq", false, false, false, null);
        channel.queueDeclare("allowed-target", false, false, false, null);
        channel.queueDeclare("forbidden-target", false, false, false, null);
        channel.basicPublish("", "perm-dlq", deadIn("forbidden-target", false), bytes("stays"));
        channel.basicPublish("", "perm-dlq", deadIn("allowed-target", false), bytes("moves"));
        channel.basicQos(1);
        ManagementHttp operator = admin.as("operator", "operator");

        ManagementHttp.Reply refused = operator.post("/api/queues/%2F/perm-dlq/actions/redrive",
                "{\"target\": \"forbidden-target\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("reason").asText()).contains("forbidden-target");

        ManagementHttp.Reply started = operator.post("/api/queues/%2F/perm-dlq/actions/redrive", "{\"rate\": 1000}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        JsonNode done = awaitEnd("perm-dlq");
        assertThat(done.path("moved").asLong()).isEqualTo(1);
        assertThat(done.path("skipped").asLong()).isEqualTo(1);
        assertThat(new String(channel.basicGet("allowed-target", true).getBody(), StandardCharsets.UTF_8))
                .isEqualTo("moves");
        assertThat(new String(channel.basicGet("perm-dlq", true).getBody(), StandardCharsets.UTF_8))
                .isEqualTo("stays");
        assertThat(broker.existingQueue("forbidden-target").messageCount()).isZero();
    }

    @Test
    void badRequestsAreRefused() throws Exception {
        broker.newChannel().queueDeclare("plain", false, false, false, null);

        assertThat(admin.post("/api/queues/%2F/missing/actions/redrive", "{}").status()).isEqualTo(404);
        assertThat(admin.post("/api/queues/%2F/plain/actions/redrive", "{\"rate\": 0}").status()).isEqualTo(400);
        assertThat(admin.post("/api/queues/%2F/plain/actions/redrive", "{\"target\": \"plain\"}").status())
                .isEqualTo(400);
        assertThat(admin.post("/api/queues/%2F/plain/actions/redrive", "{\"target\": \"nowhere\"}").status())
                .isEqualTo(404);
        assertThat(admin.as("nobody", "x").post("/api/queues/%2F/plain/actions/redrive", "{}").status())
                .isEqualTo(401);
    }

    @Test
    void syncActionsAreAcceptedAndIgnoredAsForQuorumQueues() throws Exception {
        broker.newChannel().queueDeclare("synced", false, false, false, null);

        assertThat(admin.post("/api/queues/%2F/synced/actions", "{\"action\": \"sync\"}").status()).isEqualTo(204);
        assertThat(admin.post("/api/queues/%2F/synced/actions", "{\"action\": \"cancel_sync\"}").status())
                .isEqualTo(204);
        assertThat(admin.post("/api/queues/%2F/synced/actions", "{\"action\": \"explode\"}").status())
                .isEqualTo(400);
        assertThat(admin.post("/api/queues/%2F/absent/actions", "{\"action\": \"sync\"}").status()).isEqualTo(404);
    }

    /** Waits until the queue's latest redrive has ended and returns its status. */
    private static JsonNode awaitEnd(String queue) {
        String path = "/api/queues/%2F/" + queue + "/actions/redrive";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !"running".equals(admin.get(path).json().path("state").asText()));
        return admin.get(path).json();
    }

    /** The properties of a message RabbitMQ dead-lettered from {@code queue}, rejected once. */
    private static AMQP.BasicProperties deadIn(String queue, boolean persistent) {
        Map<String, Object> death = new LinkedHashMap<>();
        death.put("count", 1L);
        death.put("reason", "rejected");
        death.put("queue", queue);
        death.put("time", new Date());
        death.put("exchange", "");
        death.put("routing-keys", List.of(queue));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("x-death", List.of(death));
        headers.put("x-first-death-reason", "rejected");
        headers.put("x-first-death-queue", queue);
        headers.put("x-first-death-exchange", "");
        return new AMQP.BasicProperties.Builder().headers(headers).deliveryMode(persistent ? 2 : 1).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
