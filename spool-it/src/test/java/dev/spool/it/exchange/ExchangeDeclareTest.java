package dev.spool.it.exchange;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static dev.spool.it.support.ProtocolErrors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** exchange.declare and exchange.delete: types, flags, equivalence, reserved names and the default exchange. */
class ExchangeDeclareTest {
    private static final int EXCHANGE = 40;
    private static final int DECLARE = 10;
    private static final int DELETE = 20;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @ParameterizedTest
    @EnumSource(value = BuiltinExchangeType.class, names = {"DIRECT", "FANOUT", "TOPIC", "HEADERS"})
    void eachExchangeTypeCanBeDeclaredRedeclaredAndFoundPassively(BuiltinExchangeType type) throws Exception {
        Channel channel = broker.newChannel();
        String name = broker.uniqueName("x-" + type.getType());

        channel.exchangeDeclare(name, type);
        channel.exchangeDeclare(name, type);

        assertThat(channel.exchangeDeclarePassive(name)).isInstanceOf(AMQP.Exchange.DeclareOk.class);
    }

    @Test
    void durableAutoDeleteAndInternalFlagsAreKeptAcrossAnEquivalentRedeclare() throws Exception {
        Channel channel = broker.newChannel();
        String name = broker.uniqueName("flags");

        channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true, true, true, null);
        channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true, true, true, null);

        assertThat(channel.isOpen()).isTrue();
        assertChannelError(() -> channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true, true, false, null),
                406, EXCHANGE, DECLARE);
    }

    @Test
    void passiveDeclareOfMissingExchangeClosesChannelWith404() {
        Channel channel = broker.newChannel();

        AMQP.Channel.Close close = assertChannelError(() -> channel.exchangeDeclarePassive("no-such-exchange"),
                404, EXCHANGE, DECLARE);

        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no exchange 'no-such-exchange' in vhost '/'");
    }

    @Test
    void predeclaredExchangesExist() throws Exception {
        Channel channel = broker.newChannel();

        for (String name : new String[] {"amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"}) {
            channel.exchangeDeclarePassive(name);
        }
        channel.exchangeDeclare("amq.direct", BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare("amq.topic", BuiltinExchangeType.TOPIC, true);

        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void redeclareWithAnotherTypeClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String name = broker.uniqueName("typed");
        channel.exchangeDeclare(name, BuiltinExchangeType.DIRECT);

        AMQP.Channel.Close close = assertChannelError(
                () -> channel.exchangeDeclare(name, BuiltinExchangeType.FANOUT), 406, EXCHANGE, DECLARE);

        assertThat(close.getReplyText()).startsWith("PRECONDITION_FAILED - inequivalent arg 'type'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"durable", "auto-delete", "internal"})
    void redeclareWithAnotherFlagClosesChannelWith406(String flag) throws Exception {
        Channel channel = broker.newChannel();
        String name = broker.uniqueName("flag");
        channel.exchangeDeclare(name, BuiltinExchangeType.DIRECT, false, false, false, null);

        assertChannelError(() -> channel.exchangeDeclare(name, BuiltinExchangeType.DIRECT,
                flag.equals("durable"), flag.equals("auto-delete"), flag.equals("internal"), null),
                406, EXCHANGE, DECLARE);
    }

    @Test
    void declaringANewAmqPrefixedExchangeClosesChannelWith403() {
        Channel channel = broker.newChannel();

        AMQP.Channel.Close close = assertChannelError(
                () -> channel.exchangeDeclare("amq.custom", BuiltinExchangeType.DIRECT), 403, EXCHANGE, DECLARE);

        assertThat(close.getReplyText()).startsWith("ACCESS_REFUSED");
    }

    @Test
    void deletingAnAmqPrefixedExchangeClosesChannelWith403() {
        Channel channel = broker.newChannel();

        assertChannelError(() -> channel.exchangeDelete("amq.direct"), 403, EXCHANGE, DELETE);
    }

    @Test
    void declaringTheDefaultExchangeClosesChannelWith403() {
        Channel channel = broker.newChannel();

        assertChannelError(() -> channel.exchangeDeclare("", BuiltinExchangeType.DIRECT), 403, EXCHANGE, DECLARE);
    }

    @Test
    void deletingTheDefaultExchangeClosesChannelWith403() {
        Channel channel = broker.newChannel();

        assertChannelError(() -> channel.exchangeDelete(""), 403, EXCHANGE, DELETE);
    }

    @Test
    void unknownExchangeTypeClosesConnectionWith503() {
        Channel channel = broker.newChannel();

        assertConnectionError(() -> channel.exchangeDeclare(broker.uniqueName("odd"), "no-such-type"),
                503, EXCHANGE, DECLARE);
    }

    @Test
    void deleteIfUnusedOfAnExchangeWithBindingsClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("bound");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");

        assertChannelError(() -> channel.exchangeDelete(exchange, true), 406, EXCHANGE, DELETE);

        Channel other = broker.newChannel();
        other.exchangeDeclarePassive(exchange);
    }

    @Test
    void deleteIfUnusedOfAnExchangeWithoutBindingsDeletesIt() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("unbound");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);

        channel.exchangeDelete(exchange, true);

        assertChannelError(() -> channel.exchangeDeclarePassive(exchange), 404, EXCHANGE, DECLARE);
    }

    @Test
    void deletingAnExchangeDeletesItsBindings() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("doomed");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");

        channel.exchangeDelete(exchange);
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        channel.basicPublish(exchange, "", null, new byte[] {1});

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
    }

    @Test
    void deletingAMissingExchangeSucceeds() throws Exception {
        Channel channel = broker.newChannel();

        channel.exchangeDelete("never-declared");

        assertThat(channel.isOpen()).isTrue();
    }
}
