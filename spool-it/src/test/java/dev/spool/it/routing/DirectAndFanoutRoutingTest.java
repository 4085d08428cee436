package dev.spool.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default exchange, direct exchanges (exact keys) and fanout exchanges (keys ignored). */
class DirectAndFanoutRoutingTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void defaultExchangeRoutesByQueueName() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        channel.basicPublish("", queue, null, bytes("direct to queue"));
        channel.basicPublish("", "no-such-queue", null, bytes("dropped"));

        assertThat(count(channel, queue)).isEqualTo(1);
        assertThat(new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8))
                .isEqualTo("direct to queue");
    }

    @Test
    void directExchangeRoutesToEveryQueueBoundWithTheExactKey() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("direct");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String red1 = bound(channel, exchange, "red");
        String red2 = bound(channel, exchange, "red");
        String green = bound(channel, exchange, "green");
        String both = bound(channel, exchange, "red");
        channel.queueBind(both, exchange, "green");

        channel.basicPublish(exchange, "red", null, bytes("r"));
        channel.basicPublish(exchange, "green", null, bytes("g"));
        channel.basicPublish(exchange, "RED", null, bytes("keys are case-sensitive"));
        channel.basicPublish(exchange, "red.extra", null, bytes("no prefix match"));

        assertThat(count(channel, red1)).isEqualTo(1);
        assertThat(count(channel, red2)).isEqualTo(1);
        assertThat(count(channel, green)).isEqualTo(1);
        assertThat(count(channel, both)).isEqualTo(2);
    }

    @Test
    void queueBoundTwiceWithDifferentKeysGetsOneCopyPerMatchingMessage() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("fanout");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        String queue = bound(channel, exchange, "one");
        channel.queueBind(queue, exchange, "two");

        channel.basicPublish(exchange, "anything", null, bytes("once"));

        assertThat(count(channel, queue)).isEqualTo(1);
    }

    @Test
    void fanoutExchangeRoutesToEveryBoundQueueWhateverTheKey() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("fanout");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        String first = bound(channel, exchange, "");
        String second = bound(channel, exchange, "ignored");
        String third = bound(channel, exchange, "also.ignored");

        channel.basicPublish(exchange, "some-key", null, bytes("1"));
        channel.basicPublish(exchange, "", null, bytes("2"));

        assertThat(count(channel, first)).isEqualTo(2);
        assertThat(count(channel, second)).isEqualTo(2);
        assertThat(count(channel, third)).isEqualTo(2);
    }

    @Test
    void routingPreservesPublishOrderWithinAQueue() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        for (int i = 0; i < 100; i++) {
            channel.basicPublish("", queue, null, bytes(Integer.toString(i)));
        }

        for (int i = 0; i < 100; i++) {
            assertThat(new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(i));
        }
    }

    private static String bound(Channel channel, String exchange, String key) throws Exception {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, key);
        return queue;
    }

    private static int count(Channel channel, String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
