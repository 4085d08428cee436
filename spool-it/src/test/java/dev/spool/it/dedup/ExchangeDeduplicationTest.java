package dev.spool.it.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code x-message-deduplication} on an exchange: a duplicate published to it is dropped before routing, so no bound
 * queue gets it; the publisher is confirmed with {@code basic.ack}, and a {@code mandatory} duplicate is not
 * returned (it is not unroutable; LavinMQ returns it with 312 NO_ROUTE). Only the exchange named in basic.publish
 * deduplicates.
 */
class ExchangeDeduplicationTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private final List<Return> returns = new CopyOnWriteArrayList<>();
    private Channel channel;

    @BeforeEach
    void confirmingChannelRecordingReturns() throws IOException {
        channel = broker.newChannel();
        channel.confirmSelect();
        channel.addReturnListener(returns::add);
    }

    @Test
    void duplicateIsNotRoutedToAnyQueueAndIsConfirmed() throws Exception {
        String exchange = deduplicatingFanout();
        String first = boundQueue(exchange);
        String second = boundQueue(exchange);

        for (int i = 0; i < 3; i++) {
            channel.basicPublish(exchange, "", key("invoice-9"), bytes("copy " + i));
        }
        channel.basicPublish(exchange, "", key("invoice-10"), bytes("other"));
        channel.waitForConfirmsOrDie(10_000);

        assertThat(bodies(first)).containsExactly("copy 0", "other");
        assertThat(bodies(second)).containsExactly("copy 0", "other");
        assertThat(broker.server().broker().vhost("/").findExchange(exchange).deduplication().hits()).isEqualTo(2);
    }

    @Test
    void mandatoryDuplicateIsNotReturnedButAnUnroutableMessageStillIs() throws Exception {
        String exchange = broker.uniqueName("dedup-direct");
        channel.exchangeDeclare(exchange, "direct", false, false, Map.of("x-message-deduplication", true));
        String queue = broker.uniqueName("bound");
        channel.queueDeclare(queue, false, false, false, null);
        channel.queueBind(queue, exchange, "rk");

        channel.basicPublish(exchange, "rk", true, key("k"), bytes("routed"));
        channel.basicPublish(exchange, "rk", true, key("k"), bytes("duplicate"));
        channel.basicPublish(exchange, "nowhere", true, key("other"), bytes("unroutable"));
        channel.waitForConfirmsOrDie(10_000);

        assertThat(bodies(queue)).containsExactly("routed");
        assertThat(returns).extracting(r -> new String(r.getBody(), StandardCharsets.UTF_8))
                .containsExactly("unroutable");
        assertThat(returns.get(0).getReplyCode()).isEqualTo(312);
    }

    @Test
    void messageIdIsTheKeyWithoutTheHeader() throws Exception {
        String exchange = deduplicatingFanout();
        String queue = boundQueue(exchange);

        AMQP.BasicProperties byId = new AMQP.BasicProperties.Builder().messageId("m-1").build();
        channel.basicPublish(exchange, "", byId, bytes("one"));
        channel.basicPublish(exchange, "", byId, bytes("two"));
        channel.basicPublish(exchange, "", null, bytes("no key"));
        channel.basicPublish(exchange, "", null, bytes("no key"));
        channel.waitForConfirmsOrDie(10_000);

        assertThat(bodies(queue)).containsExactly("one", "no key", "no key");
    }

    @Test
    void onlyTheExchangePublishedToDeduplicates() throws Exception {
        String deduplicating = deduplicatingFanout();
        String plain = broker.uniqueName("plain-fanout");
        channel.exchangeDeclare(plain, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(deduplicating, plain, "");
        String queue = boundQueue(deduplicating);

        channel.basicPublish(plain, "", key("k"), bytes("via plain 1"));
        channel.basicPublish(plain, "", key("k"), bytes("via plain 2"));
        channel.basicPublish(deduplicating, "", key("k"), bytes("direct 1"));
        channel.basicPublish(deduplicating, "", key("k"), bytes("direct 2"));
        channel.waitForConfirmsOrDie(10_000);

        assertThat(bodies(queue)).containsExactly("via plain 1", "via plain 2", "direct 1");
    }

    @Test
    void deduplicatedPublishesInATransactionAreDroppedAtCommit() throws Exception {
        String exchange = deduplicatingFanout();
        String queue = boundQueue(exchange);
        Channel tx = broker.newChannel();
        tx.txSelect();

        tx.basicPublish(exchange, "", key("t"), bytes("one"));
        tx.basicPublish(exchange, "", key("t"), bytes("two"));
        tx.txCommit();

        assertThat(bodies(queue)).containsExactly("one");
    }

    private String deduplicatingFanout() throws IOException {
        String exchange = broker.uniqueName("dedup-fanout");
        channel.exchangeDeclare(exchange, "fanout", false, false, Map.of("x-message-deduplication", true));
        return exchange;
    }

    private String boundQueue(String exchange) throws IOException {
        String queue = broker.uniqueName("bound");
        channel.queueDeclare(queue, false, false, false, null);
        channel.queueBind(queue, exchange, "");
        return queue;
    }

    private List<String> bodies(String queue) throws IOException {
        List<String> bodies = new ArrayList<>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static AMQP.BasicProperties key(String value) {
        return new AMQP.BasicProperties.Builder().headers(Map.of("x-deduplication-header", value)).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
