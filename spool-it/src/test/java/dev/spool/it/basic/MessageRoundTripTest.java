package dev.spool.it.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a consumer receives is exactly what the publisher sent: every basic property, every field-table value type the
 * client library writes, empty and 16 MiB bodies.
 */
class MessageRoundTripTest {
    /** The size RabbitMQ 4 accepts by default (max_message_size); Spool's default is larger. */
    private static final int SIXTEEN_MIB = 16 * 1024 * 1024;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void everyBasicPropertyArrivesUnchanged() throws Exception {
        Channel channel = broker.newChannel();
        String queue = queue(channel);
        Date timestamp = new Date(1_700_000_000_000L); // whole seconds: the wire carries seconds
        AMQP.BasicProperties sent = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("gzip")
                .headers(Map.of("trace", "abc-123"))
                .deliveryMode(2)
                .priority(7)
                .correlationId("corr-1")
                .replyTo("reply-queue")
                .expiration("600000")
                .messageId("msg-1")
                .timestamp(timestamp)
                .type("order.created")
                .userId("guest")
                .appId("spool-it")
                .clusterId("cluster-a")
                .build();

        Delivery delivery = roundTrip(channel, queue, sent, "{}".getBytes(StandardCharsets.UTF_8));

        AMQP.BasicProperties received = delivery.getProperties();
        assertThat(received.getContentType()).isEqualTo("application/json");
        assertThat(received.getContentEncoding()).isEqualTo("gzip");
        assertThat(received.getHeaders()).containsOnlyKeys("trace");
        assertThat(received.getHeaders().get("trace")).hasToString("abc-123");
        assertThat(received.getDeliveryMode()).isEqualTo(2);
        assertThat(received.getPriority()).isEqualTo(7);
        assertThat(received.getCorrelationId()).isEqualTo("corr-1");
        assertThat(received.getReplyTo()).isEqualTo("reply-queue");
        assertThat(received.getExpiration()).isEqualTo("600000");
        assertThat(received.getMessageId()).isEqualTo("msg-1");
        assertThat(received.getTimestamp()).isEqualTo(timestamp);
        assertThat(received.getType()).isEqualTo("order.created");
        assertThat(received.getUserId()).isEqualTo("guest");
        assertThat(received.getAppId()).isEqualTo("spool-it");
        assertThat(received.getClusterId()).isEqualTo("cluster-a");
        assertThat(delivery.getBody()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void messageWithoutPropertiesArrivesWithoutProperties() throws Exception {
        Channel channel = broker.newChannel();
        String queue = queue(channel);

        Delivery delivery = roundTrip(channel, queue, null, new byte[] {42});

        AMQP.BasicProperties received = delivery.getProperties();
        assertThat(received.getHeaders()).isNull();
        assertThat(received.getContentType()).isNull();
        assertThat(received.getDeliveryMode()).isNull();
        assertThat(received.getTimestamp()).isNull();
    }

    @Test
    void everyFieldTableValueTypeRoundTripsExactly() throws Exception {
        Channel channel = broker.newChannel();
        String queue = queue(channel);
        Map<String, Object> nested = Map.of("inner", "value", "count", 3);
        Map<String, Object> headers = new HashMap<>();
        headers.put("string", "text é ü");
        headers.put("longString", LongStringHelper.asLongString("long string"));
        headers.put("integer", Integer.MIN_VALUE);
        headers.put("long", Long.MAX_VALUE);
        headers.put("short", Short.MIN_VALUE);
        headers.put("byte", (byte) -7);
        headers.put("boolean", true);
        headers.put("float", 1.5f);
        headers.put("double", -2.25e300);
        headers.put("decimal", new BigDecimal("-1234.5678"));
        headers.put("timestamp", new Date(1_600_000_000_000L));
        headers.put("bytes", new byte[] {0, 1, (byte) 0xff});
        headers.put("table", nested);
        headers.put("array", List.of("a", 1, true, List.of(2L)));
        headers.put("void", null);

        Delivery delivery = roundTrip(channel, queue,
                new AMQP.BasicProperties.Builder().headers(headers).build(), new byte[0]);

        Map<String, Object> received = delivery.getProperties().getHeaders();
        assertThat(received).containsOnlyKeys(headers.keySet());
        assertThat(received.get("string")).isInstanceOf(LongString.class).hasToString("text é ü");
        assertThat(received.get("longString")).isInstanceOf(LongString.class).hasToString("long string");
        assertThat(received.get("integer")).isEqualTo(Integer.MIN_VALUE);
        assertThat(received.get("long")).isEqualTo(Long.MAX_VALUE);
        assertThat(received.get("short")).isEqualTo(Short.MIN_VALUE);
        assertThat(received.get("byte")).isEqualTo((byte) -7);
        assertThat(received.get("boolean")).isEqualTo(true);
        assertThat(received.get("float")).isEqualTo(1.5f);
        assertThat(received.get("double")).isEqualTo(-2.25e300);
        assertThat(received.get("decimal")).isEqualTo(new BigDecimal("-1234.5678"));
        assertThat(received.get("timestamp")).isEqualTo(new Date(1_600_000_000_000L));
        assertThat((byte[]) received.get("bytes")).containsExactly(0, 1, 0xff);
        assertThat(received.get("void")).isNull();
        assertThat(received.get("table")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .containsOnlyKeys("inner", "count")
                .containsEntry("count", 3)
                .hasEntrySatisfying("inner", inner -> assertThat(inner).hasToString("value"));
        assertThat(received.get("array")).asInstanceOf(InstanceOfAssertFactories.list(Object.class))
                .hasSize(4)
                .satisfies(array -> {
                    assertThat(array.get(0)).isInstanceOf(LongString.class).hasToString("a");
                    assertThat(array.get(1)).isEqualTo(1);
                    assertThat(array.get(2)).isEqualTo(true);
                    assertThat(array.get(3)).asInstanceOf(InstanceOfAssertFactories.list(Object.class))
                            .containsExactly(2L);
                });
    }

    @Test
    void emptyBodyArrivesEmpty() throws Exception {
        Channel channel = broker.newChannel();
        String queue = queue(channel);

        Delivery consumed = roundTrip(channel, queue, null, new byte[0]);
        channel.basicPublish("", queue, null, new byte[0]);
        GetResponse got = channel.basicGet(queue, true);

        assertThat(consumed.getBody()).isEmpty();
        assertThat(got.getBody()).isEmpty();
    }

    @Test
    void sixteenMebibyteMessageArrivesIntact() throws Exception {
        Channel channel = broker.newChannel();
        String queue = queue(channel);
        byte[] body = new byte[SIXTEEN_MIB];
        new Random(16).nextBytes(body);

        Delivery delivery = roundTrip(channel, queue, null, body);

        assertThat(delivery.getBody().length).isEqualTo(SIXTEEN_MIB);
        assertThat(Arrays.equals(delivery.getBody(), body)).as("same bytes").isTrue();
    }

    @Test
    void envelopeNamesTheExchangeAndRoutingKeyItWasPublishedWith() throws Exception {
        Channel channel = broker.newChannel();
        String queue = queue(channel);
        channel.queueBind(queue, "amq.topic", "orders.*");

        channel.basicPublish("amq.topic", "orders.new", null, new byte[] {1});
        GetResponse response = channel.basicGet(queue, true);

        assertThat(response.getEnvelope().getExchange()).isEqualTo("amq.topic");
        assertThat(response.getEnvelope().getRoutingKey()).isEqualTo("orders.new");
        assertThat(response.getEnvelope().isRedeliver()).isFalse();
    }

    /** An exclusive queue that stays when the round trip's consumer is cancelled (not auto-delete). */
    private static String queue(Channel channel) throws Exception {
        return channel.queueDeclare(broker.uniqueName("round-trip"), false, true, false, null).getQueue();
    }

    private static Delivery roundTrip(Channel channel, String queue, AMQP.BasicProperties properties, byte[] body)
            throws Exception {
        channel.basicPublish("", queue, properties, body);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        String tag = channel.basicConsume(queue, true, consumer);
        Delivery delivery = consumer.awaitDeliveries(1).get(0);
        channel.basicCancel(tag);
        return delivery;
    }
}
