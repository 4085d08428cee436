package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/queues} and the message operations on a queue, with AMQP traffic on the other side. */
class QueuesApiTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private ManagementHttp api;

    @BeforeEach
    void client() {
        api = new ManagementHttp(broker.httpUrl(), "guest", "guest");
    }

    @Test
    void queuePublishedToOverAmqpShowsItsDepthAndPublishRate() throws Exception {
        String queue = broker.uniqueName("depth");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, true, false, false, null);
        broker.sampleStats();
        for (int i = 0; i < 25; i++) {
            channel.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.basicQos(5);
        channel.basicConsume(queue, false, (tag, delivery) -> { }, tag -> { });
        awaitUnacked(queue, 5);
        Thread.sleep(20); // so that the two samples are apart in time
        broker.sampleStats();

        JsonNode q = api.get("/api/queues/%2F/" + queue).json();
        assertThat(q.get("name").asText()).isEqualTo(queue);
        assertThat(q.get("vhost").asText()).isEqualTo("/");
        assertThat(q.get("durable").asBoolean()).isTrue();
        assertThat(q.get("messages").asLong()).isEqualTo(25);
        assertThat(q.get("messages_ready").asLong()).isEqualTo(20);
        assertThat(q.get("messages_unacknowledged").asLong()).isEqualTo(5);
        assertThat(q.get("consumers").asInt()).isEqualTo(1);
        assertThat(q.at("/message_stats/publish").asLong()).isEqualTo(25);
        assertThat(q.at("/message_stats/publish_details/rate").asDouble()).isPositive();
        assertThat(q.at("/message_stats/deliver").asLong()).isEqualTo(5);
        assertThat(q.get("oldest_ready_age_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(q.get("oldest_unacked_age_ms").isNull()).isFalse();
        assertThat(q.get("consumer_utilisation").asDouble()).isBetween(0.0, 1.0);
    }

    private void awaitUnacked(String queue, int count) {
        org.awaitility.Awaitility.await().until(() -> broker.existingQueue(queue).unackedCount() == count);
    }

    @Test
    void putDeclaresAQueueWith201ThenAnswers204ForTheSameDeclaration() {
        String queue = broker.uniqueName("put");
        String body = "{\"durable\":true,\"auto_delete\":false,\"arguments\":{\"x-max-length\":10}}";

        assertThat(api.put("/api/queues/%2F/" + queue, body).status()).isEqualTo(201);
        assertThat(api.put("/api/queues/%2F/" + queue, body).status()).isEqualTo(204);
        assertThat(broker.existingQueue(queue).settings().durable()).isTrue();
        assertThat(api.get("/api/queues/%2F/" + queue).json().at("/arguments/x-max-length").asLong()).isEqualTo(10);
    }

    @Test
    void inequivalentRedeclareIsA400WithRabbitMqsReason() {
        String queue = broker.uniqueName("inequivalent");
        api.put("/api/queues/%2F/" + queue, "{\"durable\":true}");

        ManagementHttp.Reply reply = api.put("/api/queues/%2F/" + queue, "{\"durable\":false}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(reply.json().get("reason").asText()).isEqualTo("inequivalent arg 'durable' for queue '" + queue
                + "' in vhost '/': received 'false' but current is 'true'");
    }

    @Test
    void missingQueueIs404WithRabbitMqsErrorShape() {
        ManagementHttp.Reply reply = api.get("/api/queues/%2F/no-such-queue");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("error").asText()).isEqualTo("Object Not Found");
        assertThat(reply.json().get("reason").asText()).isEqualTo("Not Found");
    }

    @Test
    void getWithAckRequeueTrueLeavesTheMessagesInTheQueueMarkedRedelivered() throws Exception {
        String queue = declaredQueueWith(3);

        JsonNode got = api.post("/api/queues/%2F/" + queue + "/get",
                "{\"count\":2,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\",\"truncate\":50000}").json();

        assertThat(got).hasSize(2);
        assertThat(got.get(0).get("payload").asText()).isEqualTo("m0");
        assertThat(got.get(0).get("payload_encoding").asText()).isEqualTo("string");
        assertThat(got.get(0).get("message_count").asInt()).isEqualTo(2);
        assertThat(got.get(0).get("routing_key").asText()).isEqualTo(queue);
        assertThat(got.get(0).at("/properties/content_type").asText()).isEqualTo("text/plain");
        assertThat(got.get(0).at("/properties/headers/origin").asText()).isEqualTo("test");
        assertThat(broker.existingQueue(queue).messageCount()).isEqualTo(3);
        GetResponse first = broker.newChannel().basicGet(queue, true);
        assertThat(first.getEnvelope().isRedeliver()).isTrue();
        assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("m0");
    }

    @Test
    void getWithAckRequeueFalseTakesTheMessages() throws Exception {
        String queue = declaredQueueWith(3);

        JsonNode got = api.post("/api/queues/%2F/" + queue + "/get",
                "{\"count\":5,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"base64\"}").json();

        assertThat(got).hasSize(3);
        assertThat(got.get(2).get("payload").asText()).isEqualTo("bTI="); // "m2"
        assertThat(got.get(2).get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(broker.existingQueue(queue).messageCount()).isZero();
        assertThat(broker.existingQueue(queue).unackedCount()).isZero();
    }

    @Test
    void peekShowsMessagesWithoutTakingThemAndOneCanBeDeletedById() throws Exception {
        String queue = declaredQueueWith(3);

        JsonNode peeked = api.get("/api/queues/%2F/" + queue + "/peek?count=2").json();

        assertThat(peeked).hasSize(2);
        assertThat(peeked.get(1).get("payload").asText()).isEqualTo("m1");
        assertThat(broker.existingQueue(queue).messageCount()).isEqualTo(3);
        String id = peeked.get(1).get("id").asText();
        assertThat(api.delete("/api/queues/%2F/" + queue + "/messages/" + id).status()).isEqualTo(204);
        assertThat(api.delete("/api/queues/%2F/" + queue + "/messages/" + id).status()).isEqualTo(404);
        JsonNode left = api.get("/api/queues/%2F/" + queue + "/peek?count=10").json();
        assertThat(left).extracting(m -> m.get("payload").asText()).containsExactly("m0", "m2");
    }

    @Test
    void purgeEmptiesTheQueueAndDeleteRemovesIt() throws Exception {
        String queue = declaredQueueWith(4);

        assertThat(api.delete("/api/queues/%2F/" + queue + "/contents").status()).isEqualTo(204);
        assertThat(broker.existingQueue(queue).messageCount()).isZero();
        assertThat(api.delete("/api/queues/%2F/" + queue).status()).isEqualTo(204);
        assertThat(broker.queue(queue)).isNull();
        assertThat(api.delete("/api/queues/%2F/" + queue).status()).isEqualTo(404);
    }

    @Test
    void deleteIfEmptyRefusesAQueueWithMessages() throws Exception {
        String queue = declaredQueueWith(1);

        ManagementHttp.Reply reply = api.delete("/api/queues/%2F/" + queue + "?if-empty=true");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("reason").asText()).contains("not empty");
    }

    @Test
    void listsPageFilterSortAndTrimColumnsAsRabbitMqDoes() {
        for (int i = 0; i < 5; i++) {
            api.put("/api/queues/%2F/paged-" + i, "{}");
        }

        JsonNode page = api.get("/api/queues/%2F?page=2&page_size=2&name=paged-&sort=name&sort_reverse=true"
                + "&columns=name,messages").json();

        assertThat(page.get("page").asInt()).isEqualTo(2);
        assertThat(page.get("page_size").asInt()).isEqualTo(2);
        assertThat(page.get("page_count").asInt()).isEqualTo(3);
        assertThat(page.get("filtered_count").asInt()).isEqualTo(5);
        assertThat(page.get("item_count").asInt()).isEqualTo(2);
        assertThat(page.get("total_count").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(page.get("items")).extracting(q -> q.get("name").asText()).containsExactly("paged-2", "paged-1");
        assertThat(page.get("items").get(0).size()).isEqualTo(2);
        JsonNode regex = api.get("/api/queues?name=%5Epaged-%5B34%5D%24&use_regex=true").json();
        assertThat(regex).extracting(q -> q.get("name").asText()).containsExactlyInAnyOrder("paged-3", "paged-4");
        assertThat(api.get("/api/queues?page=9").status()).isEqualTo(400);
    }

    @Test
    void publishThroughTheDefaultExchangeRoutesToTheQueue() {
        String queue = broker.uniqueName("published");
        api.put("/api/queues/%2F/" + queue, "{}");

        JsonNode routed = api.post("/api/exchanges/%2F/amq.default/publish", "{\"properties\":{\"delivery_mode\":2,"
                + "\"headers\":{\"k\":\"v\"}},\"routing_key\":\"" + queue + "\",\"payload\":\"hello\","
                + "\"payload_encoding\":\"string\"}").json();
        JsonNode unroutable = api.post("/api/exchanges/%2F/amq.default/publish", "{\"properties\":{},"
                + "\"routing_key\":\"nowhere\",\"payload\":\"x\",\"payload_encoding\":\"string\"}").json();

        assertThat(routed.get("routed").asBoolean()).isTrue();
        assertThat(unroutable.get("routed").asBoolean()).isFalse();
        JsonNode got = api.post("/api/queues/%2F/" + queue + "/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}").json();
        assertThat(got.get(0).get("payload").asText()).isEqualTo("hello");
        assertThat(got.get(0).at("/properties/delivery_mode").asInt()).isEqualTo(2);
        assertThat(got.get(0).at("/properties/headers/k").asText()).isEqualTo("v");
    }

    private String declaredQueueWith(int messages) throws Exception {
        String queue = broker.uniqueName("q");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, false, false, false, null);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("text/plain")
                .headers(Map.of("origin", "test")).build();
        for (int i = 0; i < messages; i++) {
            channel.basicPublish("", queue, properties, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        org.awaitility.Awaitility.await().until(() -> broker.existingQueue(queue).messageCount() == messages);
        return queue;
    }
}
