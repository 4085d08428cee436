package dev.spool.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sender-selected distribution (RabbitMQ's extension): the CC and BCC headers hold extra routing keys the message is
 * also routed with; BCC is removed before the message is stored, CC stays.
 */
class SenderSelectedDistributionTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private Channel channel;
    private String exchange;
    private String first;
    private String second;
    private String third;

    @BeforeEach
    void threeQueuesBoundWithThreeKeys() throws Exception {
        channel = broker.newChannel();
        exchange = broker.uniqueName("direct");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        first = bound("k1");
        second = bound("k2");
        third = bound("k3");
    }

    @Test
    void ccHeaderRoutesToTheExtraKeysAndIsDelivered() throws Exception {
        publish("k1", Map.of("CC", List.of("k2", "k3")));

        for (String queue : List.of(first, second, third)) {
            GetResponse response = channel.basicGet(queue, true);
            assertThat(response).as(queue).isNotNull();
            assertThat(response.getProps().getHeaders()).containsKey("CC");
            assertThat(response.getEnvelope().getRoutingKey()).isEqualTo("k1");
        }
    }

    @Test
    void bccHeaderRoutesToTheExtraKeysAndIsStrippedFromEveryCopy() throws Exception {
        publish("k1", Map.of("BCC", List.of("k3"), "keep", "me"));

        GetResponse toFirst = channel.basicGet(first, true);
        GetResponse toThird = channel.basicGet(third, true);

        assertThat(channel.queueDeclarePassive(second).getMessageCount()).isZero();
        for (GetResponse response : List.of(toFirst, toThird)) {
            assertThat(response).isNotNull();
            assertThat(response.getProps().getHeaders()).doesNotContainKey("BCC").containsKey("keep");
        }
    }

    @Test
    void ccAndBccTogetherReachEveryNamedKeyOnce() throws Exception {
        publish("k1", Map.of("CC", List.of("k2", "k1"), "BCC", List.of("k3", "k2")));

        for (String queue : List.of(first, second, third)) {
            assertThat(channel.queueDeclarePassive(queue).getMessageCount()).as(queue).isEqualTo(1);
        }
    }

    @Test
    void ccWorksOnTheDefaultExchangeWithQueueNames() throws Exception {
        channel.basicPublish("", first, new AMQP.BasicProperties.Builder()
                .headers(Map.of("CC", List.of(second))).build(), new byte[] {1});

        assertThat(channel.queueDeclarePassive(first).getMessageCount()).isEqualTo(1);
        assertThat(channel.queueDeclarePassive(second).getMessageCount()).isEqualTo(1);
        assertThat(channel.queueDeclarePassive(third).getMessageCount()).isZero();
    }

    private String bound(String key) throws Exception {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, key);
        return queue;
    }

    private void publish(String key, Map<String, Object> headers) throws Exception {
        channel.basicPublish(exchange, key, new AMQP.BasicProperties.Builder().headers(headers).build(),
                new byte[] {1});
    }
}
