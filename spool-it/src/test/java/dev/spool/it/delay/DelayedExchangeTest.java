package dev.spool.it.delay;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static dev.spool.it.support.ProtocolErrors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.ManualTime;
import dev.spool.engine.delay.DelayedMessages;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.it.support.RunningBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code x-delayed-message} exchange with the rabbitmq-delayed-message-exchange plugin's interface, on a clock the
 * test moves: due order, publish order within a millisecond, the negated {@code x-delay} on delivery, each routing
 * type, confirms, mandatory, declare errors, and memory that does not grow with the number of waiting messages.
 */
class DelayedExchangeTest {
    private static final int EXCHANGE = 40;
    private static final int DECLARE = 10;

    private static final ManualTime time = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(time);

    @Test
    void messagesWithDifferentDelaysLeaveInDueOrderWithTheDelayNegated() throws Exception {
        Channel channel = broker.newChannel();
        String queue = delayedDirectWithQueue(channel, "order");

        publish(channel, "x-" + queue, queue, 3_000, "three");
        publish(channel, "x-" + queue, queue, 1_000, "one");
        publish(channel, "x-" + queue, queue, 2_000, "two");

        time.advance(999);
        assertThat(channel.basicGet(queue, true)).isNull();
        time.advance(1);
        GetResponse first = channel.basicGet(queue, true);
        assertThat(body(first)).isEqualTo("one");
        assertThat(first.getProps().getHeaders().get("x-delay")).isEqualTo(-1_000);
        assertThat(channel.basicGet(queue, true)).isNull();
        time.advance(2_000);
        GetResponse second = channel.basicGet(queue, true);
        GetResponse third = channel.basicGet(queue, true);
        assertThat(body(second)).isEqualTo("two");
        assertThat(second.getProps().getHeaders().get("x-delay")).isEqualTo(-2_000);
        assertThat(body(third)).isEqualTo("three");
        assertThat(third.getProps().getHeaders().get("x-delay")).isEqualTo(-3_000);
    }

    @Test
    void messagesDueAtTheSameMillisecondLeaveInPublishOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = delayedDirectWithQueue(channel, "same");
        for (int i = 0; i < 50; i++) {
            publish(channel, "x-" + queue, queue, 5_000, "m" + i);
        }

        time.advance(5_000);

        for (int i = 0; i < 50; i++) {
            assertThat(body(channel.basicGet(queue, true))).isEqualTo("m" + i);
        }
    }

    @Test
    void withoutAPositiveDelayAMessageIsRoutedAtOnce() throws Exception {
        Channel channel = broker.newChannel();
        String queue = delayedDirectWithQueue(channel, "now");

        channel.basicPublish("x-" + queue, queue, null, "no headers".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
        publish(channel, "x-" + queue, queue, 0, "zero");
        publish(channel, "x-" + queue, queue, -5_000, "negative");

        assertThat(body(channel.basicGet(queue, true))).isEqualTo("no headers");
        assertThat(body(channel.basicGet(queue, true))).isEqualTo("zero");
        GetResponse negative = channel.basicGet(queue, true);
        assertThat(body(negative)).isEqualTo("negative");
        assertThat(negative.getProps().getHeaders().get("x-delay")).isEqualTo(-5_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void eachDelayedTypeRoutesAsThatTypeOnceTheDelayIsOver(String type) throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("x-typed-" + type);
        String matching = broker.uniqueName("hit");
        String other = broker.uniqueName("miss");
        channel.exchangeDeclare(exchange, "x-delayed-message", false, false, Map.of("x-delayed-type", type));
        channel.queueDeclare(matching, false, false, false, null);
        channel.queueDeclare(other, false, false, false, null);
        Map<String, Object> headerBinding = Map.of("x-match", "all", "kind", "a");
        switch (type) {
            case "direct" -> {
                channel.queueBind(matching, exchange, "a.b");
                channel.queueBind(other, exchange, "c.d");
            }
            case "fanout" -> {
                channel.queueBind(matching, exchange, "");
                channel.queueBind(other, exchange, "");
            }
            case "topic" -> {
                channel.queueBind(matching, exchange, "a.*");
                channel.queueBind(other, exchange, "c.#");
            }
            default -> {
                channel.queueBind(matching, exchange, "", headerBinding);
                channel.queueBind(other, exchange, "", Map.of("x-match", "all", "kind", "b"));
            }
        }
        Map<String, Object> headers = new HashMap<>(Map.of("x-delay", 1_000, "kind", "a"));
        channel.confirmSelect();
        channel.basicPublish(exchange, "a.b", new AMQP.BasicProperties.Builder().headers(headers).build(),
                "routed".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);

        assertThat(channel.messageCount(matching)).isZero();
        time.advance(1_000);

        assertThat(body(channel.basicGet(matching, true))).isEqualTo("routed");
        if (type.equals("fanout")) {
            assertThat(channel.messageCount(other)).isEqualTo(1);
        } else {
            assertThat(channel.messageCount(other)).isZero();
        }
    }

    @Test
    void aDelayedPersistentMessageIsConfirmedOnceStoredNotWhenItIsRouted() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("confirmed");
        String exchange = "x-" + queue;
        channel.exchangeDeclare(exchange, "x-delayed-message", true, false, Map.of("x-delayed-type", "direct"));
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, exchange, queue);
        channel.confirmSelect();

        channel.basicPublish(exchange, queue, new AMQP.BasicProperties.Builder().deliveryMode(2)
                .headers(Map.of("x-delay", 60_000)).build(), "later".getBytes(StandardCharsets.UTF_8));

        assertThat(channel.waitForConfirms(5_000)).isTrue();
        assertThat(channel.messageCount(queue)).isZero();
        assertThat(waiting(exchange).count()).isEqualTo(1);
        time.advance(60_000);
        assertThat(channel.messageCount(queue)).isEqualTo(1);
        assertThat(waiting(exchange).count()).isZero();
    }

    @Test
    void aMandatoryDelayedMessageNoBindingWouldRouteIsReturnedAndNotKept() throws Exception {
        Channel channel = broker.newChannel();
        String queue = delayedDirectWithQueue(channel, "mandatory");
        List<Integer> returns = new CopyOnWriteArrayList<>();
        channel.addReturnListener(r -> returns.add(r.getReplyCode()));
        channel.confirmSelect();

        channel.basicPublish("x-" + queue, "nowhere", true, delay(1_000), "lost".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("x-" + queue, queue, true, delay(1_000), "kept".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);

        assertThat(returns).containsExactly(312);
        assertThat(waiting("x-" + queue).count()).isEqualTo(1);
        time.advance(1_000);
        assertThat(body(channel.basicGet(queue, true))).isEqualTo("kept");
        assertThat(channel.basicGet(queue, true)).isNull();
    }

    @Test
    void declaringWithoutAValidDelayedTypeFailsAsThePluginDoes() throws Exception {
        AMQP.Channel.Close missing = assertChannelError(() -> broker.newChannel().exchangeDeclare(
                broker.uniqueName("no-type"), "x-delayed-message"), 406, EXCHANGE, DECLARE);
        assertThat(missing.getReplyText())
                .isEqualTo("PRECONDITION_FAILED - Invalid argument, 'x-delayed-type' must be an existing exchange type");

        AMQP.Connection.Close unknown = assertConnectionError(() -> broker.newChannel().exchangeDeclare(
                broker.uniqueName("bad-type"), "x-delayed-message", false, false,
                Map.of("x-delayed-type", "x-nope")), 503, EXCHANGE, DECLARE);
        assertThat(unknown.getReplyText()).isEqualTo("COMMAND_INVALID - unknown exchange type 'x-nope'");
    }

    @Test
    void redeclaringIsEquivalentOnlyWithTheSameDelayedType() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("redeclared");
        channel.exchangeDeclare(exchange, "x-delayed-message", false, false, Map.of("x-delayed-type", "topic"));
        channel.exchangeDeclare(exchange, "x-delayed-message", false, false, Map.of("x-delayed-type", "topic"));

        AMQP.Channel.Close close = assertChannelError(() -> channel.exchangeDeclare(exchange, "x-delayed-message",
                false, false, Map.of("x-delayed-type", "direct")), 406, EXCHANGE, DECLARE);
        assertThat(close.getReplyText()).startsWith("PRECONDITION_FAILED - inequivalent arg 'x-delayed-type'");
    }

    @Test
    void deletingTheExchangeDropsItsWaitingMessages() throws Exception {
        Channel channel = broker.newChannel();
        String queue = delayedDirectWithQueue(channel, "deleted");
        publish(channel, "x-" + queue, queue, 1_000, "gone");
        DelayedMessages waiting = waiting("x-" + queue);

        channel.exchangeDelete("x-" + queue);
        time.advance(1_000);

        assertThat(waiting.count()).isZero();
        assertThat(channel.messageCount(queue)).isZero();
    }

    @Test
    void fiftyThousandWaitingMessagesKeepTheirBodiesOnDiskAndLeaveInOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = delayedDirectWithQueue(channel, "many");
        int count = 50_000; // 2.5 times what the schedule keeps in memory at most
        byte[] body = new byte[100];
        channel.confirmSelect();
        for (int i = 0; i < count; i++) {
            // later publishes are due earlier, in ten groups, so order is not publish order
            int group = 9 - i / (count / 10);
            channel.basicPublish("x-" + queue, queue, delay(1_000 + group * 1_000L), body);
        }
        channel.waitForConfirmsOrDie(60_000);
        DelayedMessages waiting = waiting("x-" + queue);

        assertThat(waiting.count()).isEqualTo(count);
        assertThat(waiting.heldInMemory()).isZero();
        assertThat(waiting.scheduledInMemory()).isLessThanOrEqualTo(2 * DelayedMessages.MEMORY_LIMIT);
        assertThat(broker.server().broker().vhost("/").findQueue(queue).messageCount()).isZero();

        time.advance(1_000);
        assertThat(channel.messageCount(queue)).isEqualTo(count / 10);
        time.advance(9_000);
        await().until(() -> channel.messageCount(queue) == count);
        assertThat(waiting.count()).isZero();
        List<Integer> delays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            delays.add((Integer) channel.basicGet(queue, true).getProps().getHeaders().get("x-delay"));
        }
        assertThat(delays).containsExactly(-1_000, -1_000, -1_000);
        channel.queuePurge(queue);
    }

    @Test
    void theNumberOfDelayedMessagesShowsInTheExchangesApiAndInMetrics() throws Exception {
        Channel channel = broker.newChannel();
        String queue = delayedDirectWithQueue(channel, "counted");
        publish(channel, "x-" + queue, queue, 1_000, "one");
        publish(channel, "x-" + queue, queue, 2_000, "two");

        String exchange = httpGet("/api/exchanges/%2F/x-" + queue);
        String metrics = httpGet("/metrics/per-object");

        assertThat(exchange).contains("\"type\":\"x-delayed-message\"").contains("\"messages_delayed\":2");
        assertThat(metrics).contains("spool_exchange_messages_delayed{vhost=\"/\",exchange=\"x-" + queue + "\"} 2");
        time.advance(2_000);
        assertThat(httpGet("/api/exchanges/%2F/x-" + queue)).contains("\"messages_delayed\":0");
    }

    private static String httpGet(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private String delayedDirectWithQueue(Channel channel, String prefix) throws Exception {
        String queue = broker.uniqueName(prefix);
        channel.exchangeDeclare("x-" + queue, "x-delayed-message", false, false, Map.of("x-delayed-type", "direct"));
        channel.queueDeclare(queue, false, false, false, null);
        channel.queueBind(queue, "x-" + queue, queue);
        channel.confirmSelect();
        return queue;
    }

    private static DelayedMessages waiting(String exchange) {
        return ((DelayedMessageExchange) broker.server().broker().vhost("/").findExchange(exchange)).waiting();
    }

    private static AMQP.BasicProperties delay(long millis) {
        return new AMQP.BasicProperties.Builder().headers(Map.of("x-delay", millis)).build();
    }

    private static void publish(Channel channel, String exchange, String routingKey, long delay, String body)
            throws Exception {
        channel.basicPublish(exchange, routingKey, delay(delay), body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000); // received before the test moves the clock
    }

    private static String body(GetResponse response) {
        assertThat(response).isNotNull();
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
