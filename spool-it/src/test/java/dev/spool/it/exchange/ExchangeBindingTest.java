package dev.spool.it.exchange;

import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bindings whose source is an exchange: exchange-to-exchange bindings, alternate exchanges, internal exchanges,
 * auto-delete exchanges, and what the default exchange refuses.
 */
class ExchangeBindingTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void exchangeToExchangeBindingRoutesToTheDestinationsQueuesUntilUnbound() throws Exception {
        Channel channel = broker.newChannel();
        String source = declare(channel, BuiltinExchangeType.TOPIC);
        String destination = declare(channel, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, destination, "orders.eu");

        channel.exchangeBind(destination, source, "orders.*");
        publish(channel, source, "orders.eu", "bound");
        publish(channel, source, "orders.us", "bound, but no queue for this key");
        channel.exchangeUnbind(destination, source, "orders.*");
        publish(channel, source, "orders.eu", "unbound");

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
        assertThat(body(channel.basicGet(queue, true))).isEqualTo("bound");
    }

    @Test
    void alternateExchangeReceivesWhatItsExchangeCannotRoute() throws Exception {
        Channel channel = broker.newChannel();
        String alternate = declare(channel, BuiltinExchangeType.FANOUT);
        String unrouted = channel.queueDeclare().getQueue();
        channel.queueBind(unrouted, alternate, "");
        String main = broker.uniqueName("with-ae");
        channel.exchangeDeclare(main, BuiltinExchangeType.DIRECT, false, false, Map.of("alternate-exchange", alternate));
        String routed = channel.queueDeclare().getQueue();
        channel.queueBind(routed, main, "known");

        publish(channel, main, "known", "routed");
        publish(channel, main, "unknown", "to the alternate");

        assertThat(body(channel.basicGet(routed, true))).isEqualTo("routed");
        assertThat(body(channel.basicGet(unrouted, true))).isEqualTo("to the alternate");
        assertThat(channel.queueDeclarePassive(unrouted).getMessageCount()).isZero();
    }

    @Test
    void publishToAnInternalExchangeClosesChannelWith403() throws Exception {
        Channel channel = broker.newChannel();
        String internal = broker.uniqueName("internal");
        channel.exchangeDeclare(internal, BuiltinExchangeType.FANOUT, false, false, true, null);

        publish(channel, internal, "", "refused");

        AMQP.Channel.Close close = assertChannelClosedBy(channel, 403, 60, 40);
        assertThat(close.getReplyText()).startsWith("ACCESS_REFUSED");
    }

    @Test
    void internalExchangeStillRoutesWhatReachesItThroughABinding() throws Exception {
        Channel channel = broker.newChannel();
        String internal = broker.uniqueName("internal");
        channel.exchangeDeclare(internal, BuiltinExchangeType.FANOUT, false, false, true, null);
        String front = declare(channel, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(internal, front, "");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, internal, "");

        publish(channel, front, "", "through");

        assertThat(body(channel.basicGet(queue, true))).isEqualTo("through");
    }

    @Test
    void autoDeleteExchangeIsDeletedWhenItsLastBindingIsRemoved() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("auto");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
        String first = channel.queueDeclare().getQueue();
        String second = channel.queueDeclare().getQueue();
        channel.queueBind(first, exchange, "a");
        channel.queueBind(second, exchange, "b");

        channel.queueUnbind(first, exchange, "a");
        channel.exchangeDeclarePassive(exchange);
        channel.queueUnbind(second, exchange, "b");

        assertChannelError(() -> channel.exchangeDeclarePassive(exchange), 404, 40, 10);
    }

    @Test
    void bindingAQueueToTheDefaultExchangeClosesChannelWith403() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        assertChannelError(() -> channel.queueBind(queue, "", "other-key"), 403, 50, 20);
    }

    @Test
    void unbindingAQueueFromTheDefaultExchangeClosesChannelWith403() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        assertChannelError(() -> channel.queueUnbind(queue, "", queue), 403, 50, 50);
    }

    @Test
    void bindingTheDefaultExchangeToAnotherExchangeClosesChannelWith403() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = declare(channel, BuiltinExchangeType.FANOUT);

        assertChannelError(() -> channel.exchangeBind(exchange, "", "key"), 403, 40, 30);
    }

    @Test
    void bindingToAMissingExchangeClosesChannelWith404() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        assertChannelError(() -> channel.queueBind(queue, "no-such-exchange", "key"), 404, 50, 20);
    }

    @Test
    void bindingAMissingQueueClosesChannelWith404() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = declare(channel, BuiltinExchangeType.DIRECT);

        assertChannelError(() -> channel.queueBind("no-such-queue", exchange, "key"), 404, 50, 20);
    }

    @Test
    void exchangeBindToAMissingDestinationClosesChannelWith404() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = declare(channel, BuiltinExchangeType.DIRECT);

        assertChannelError(() -> channel.exchangeBind("no-such-exchange", exchange, "key"), 404, 40, 30);
    }

    private static String declare(Channel channel, BuiltinExchangeType type) throws Exception {
        String name = broker.uniqueName(type.getType());
        channel.exchangeDeclare(name, type);
        return name;
    }

    private static void publish(Channel channel, String exchange, String key, String body) throws Exception {
        channel.basicPublish(exchange, key, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(GetResponse response) {
        assertThat(response).as("a message").isNotNull();
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
