package dev.spool.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mandatory flag: a message no queue takes comes back as basic.return 312 NO_ROUTE with its properties and body;
 * without the flag it is dropped silently.
 *
 * <p>The broker sends basic.return while it handles the publish, so once a later synchronous call on the same channel
 * returns, every return for earlier publishes has arrived.
 */
class MandatoryReturnTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private final List<Return> returns = new CopyOnWriteArrayList<>();
    private Channel channel;

    @BeforeEach
    void channelRecordingReturns() {
        channel = broker.newChannel();
        channel.addReturnListener(returns::add);
    }

    @Test
    void unroutableMandatoryMessageIsReturnedWith312NoRoute() throws Exception {
        String exchange = broker.uniqueName("direct");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId("m-1").contentType("text/plain").build();

        channel.basicPublish(exchange, "nobody", true, properties, "lost?".getBytes(StandardCharsets.UTF_8));
        channel.exchangeDeclarePassive(exchange);

        assertThat(returns).hasSize(1);
        Return returned = returns.get(0);
        assertThat(returned.getReplyCode()).isEqualTo(312);
        assertThat(returned.getReplyText()).isEqualTo("NO_ROUTE");
        assertThat(returned.getExchange()).isEqualTo(exchange);
        assertThat(returned.getRoutingKey()).isEqualTo("nobody");
        assertThat(returned.getProperties().getMessageId()).isEqualTo("m-1");
        assertThat(returned.getProperties().getContentType()).isEqualTo("text/plain");
        assertThat(new String(returned.getBody(), StandardCharsets.UTF_8)).isEqualTo("lost?");
    }

    @Test
    void mandatoryMessageToAMissingQueueOnTheDefaultExchangeIsReturned() throws Exception {
        channel.basicPublish("", "no-such-queue", true, null, new byte[] {1});
        channel.queueDeclare();

        assertThat(returns).singleElement().satisfies(r -> {
            assertThat(r.getReplyCode()).isEqualTo(312);
            assertThat(r.getExchange()).isEmpty();
            assertThat(r.getRoutingKey()).isEqualTo("no-such-queue");
        });
    }

    @Test
    void routableMandatoryMessageIsNotReturned() throws Exception {
        String queue = channel.queueDeclare().getQueue();

        channel.basicPublish("", queue, true, null, new byte[] {1});

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
        assertThat(returns).isEmpty();
    }

    @Test
    void unroutableMessageWithoutMandatoryIsDroppedSilently() throws Exception {
        channel.basicPublish("", "no-such-queue", false, null, new byte[] {1});
        channel.queueDeclare();

        assertThat(returns).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void eachUnroutableMandatoryMessageIsReturnedOnceInPublishOrder() throws Exception {
        for (int i = 0; i < 20; i++) {
            channel.basicPublish("", "no-such-queue", true, null, new byte[] {(byte) i});
        }
        channel.queueDeclare();

        assertThat(returns).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(returns.get(i).getBody()).containsExactly(i);
        }
    }
}
