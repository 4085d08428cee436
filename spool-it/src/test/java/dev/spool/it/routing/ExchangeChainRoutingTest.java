package dev.spool.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages that cross several exchanges: each hop applies its own type's rules, a queue reachable by several paths
 * gets one copy, and a cycle of exchange bindings ends.
 */
class ExchangeChainRoutingTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void topicThenDirectThenHeadersChainAppliesEachHopsRule() throws Exception {
        Channel channel = broker.newChannel();
        String topic = declare(channel, BuiltinExchangeType.TOPIC);
        String direct = declare(channel, BuiltinExchangeType.DIRECT);
        String headers = declare(channel, BuiltinExchangeType.HEADERS);
        channel.exchangeBind(direct, topic, "sales.#");
        channel.exchangeBind(headers, direct, "sales.eu.orders");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, headers, "", Map.of("x-match", "all", "priority", "high"));

        publish(channel, topic, "sales.eu.orders", "high");
        publish(channel, topic, "sales.eu.orders", "low");
        publish(channel, topic, "sales.us.orders", "high");
        publish(channel, topic, "support.eu.orders", "high");

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
        assertThat(channel.basicGet(queue, true).getEnvelope().getRoutingKey()).isEqualTo("sales.eu.orders");
    }

    @Test
    void queueReachableThroughTwoPathsGetsOneCopy() throws Exception {
        Channel channel = broker.newChannel();
        String source = declare(channel, BuiltinExchangeType.FANOUT);
        String left = declare(channel, BuiltinExchangeType.FANOUT);
        String right = declare(channel, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(left, source, "");
        channel.exchangeBind(right, source, "");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, left, "");
        channel.queueBind(queue, right, "");
        channel.queueBind(queue, source, "");

        publish(channel, source, "", "diamond");

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    }

    @Test
    void cycleOfExchangeBindingsDeliversOnceAndEnds() throws Exception {
        Channel channel = broker.newChannel();
        String first = declare(channel, BuiltinExchangeType.FANOUT);
        String second = declare(channel, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(second, first, "");
        channel.exchangeBind(first, second, "");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, second, "");

        publish(channel, first, "", "round and round");

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void exchangeBoundToItselfDeliversOnce() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = declare(channel, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(exchange, exchange, "");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");

        publish(channel, exchange, "", "self");

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    }

    private static String declare(Channel channel, BuiltinExchangeType type) throws Exception {
        String name = broker.uniqueName(type.getType());
        channel.exchangeDeclare(name, type);
        return name;
    }

    private static void publish(Channel channel, String exchange, String key, String priority) throws Exception {
        channel.basicPublish(exchange, key,
                new AMQP.BasicProperties.Builder().headers(Map.of("priority", priority)).build(), new byte[] {1});
    }
}
