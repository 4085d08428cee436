package dev.spool.it.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.engine.ManualTime;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code x-message-deduplication} on a queue: a message whose key (the {@code x-deduplication-header} header, or the
 * header the queue names, else the {@code message-id} property) was seen inside the window is dropped at enqueue,
 * and its publisher still gets a {@code basic.ack}. The window is bounded by {@code x-cache-size} (least recently
 * seen key forgotten first) and {@code x-cache-ttl} (or the message's own {@code x-cache-ttl} header), on the
 * broker's clock, which this test moves.
 *
 * <p>Every publish here is followed by {@code waitForConfirmsOrDie}, so the broker has enqueued (or dropped) it
 * before the test looks at the queue.
 */
class QueueDeduplicationTest {
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME);

    private Channel channel;

    @BeforeEach
    void confirmingChannel() throws IOException {
        channel = broker.newChannel();
        channel.confirmSelect();
    }

    @Test
    void duplicateByHeaderIsDroppedAndStillConfirmed() throws Exception {
        String queue = deduplicatingQueue(Map.of());

        publish(queue, header("x-deduplication-header", "payment-42"), "first");
        publish(queue, header("x-deduplication-header", "payment-42"), "second");
        publish(queue, header("x-deduplication-header", "payment-43"), "third");

        assertThat(bodies(queue)).containsExactly("first", "third");
    }

    @Test
    void persistentDuplicateToADurableQueueIsConfirmedOnceOnDisk() throws Exception {
        String queue = broker.uniqueName("durable-dedup");
        channel.queueDeclare(queue, true, false, false, Map.of("x-message-deduplication", true));
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).messageId("order-7")
                .build();

        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", queue, persistent, bytes("copy " + i));
        }
        channel.waitForConfirmsOrDie(10_000);

        assertThat(bodies(queue)).containsExactly("copy 0");
    }

    @Test
    void messageIdIsTheKeyWhenTheHeaderIsAbsentAndTheHeaderWinsWhenPresent() throws Exception {
        String queue = deduplicatingQueue(Map.of());

        publish(queue, new AMQP.BasicProperties.Builder().messageId("m-1").build(), "by id");
        publish(queue, new AMQP.BasicProperties.Builder().messageId("m-1").build(), "same id");
        publish(queue, new AMQP.BasicProperties.Builder().messageId("m-1")
                .headers(Map.of("x-deduplication-header", "h-1")).build(), "same id, own header");

        assertThat(bodies(queue)).containsExactly("by id", "same id, own header");
    }

    @Test
    void messagesWithNeitherHeaderNorMessageIdAreNeverDuplicates() throws Exception {
        String queue = deduplicatingQueue(Map.of());

        publish(queue, null, "a");
        publish(queue, null, "a");
        publish(queue, header("unrelated", "x"), "a");

        assertThat(bodies(queue)).containsExactly("a", "a", "a");
    }

    @Test
    void queueCanNameTheHeaderThatCarriesTheKey() throws Exception {
        String queue = deduplicatingQueue(Map.of("x-deduplication-header", "order-id"));

        publish(queue, header("order-id", "o-1"), "one");
        publish(queue, header("order-id", "o-1"), "one again");
        publish(queue, header("x-deduplication-header", "o-1"), "default header is not the key here");

        assertThat(bodies(queue)).containsExactly("one", "default header is not the key here");
    }

    @Test
    void headerValuesCompareByTypeAndContent() throws Exception {
        String queue = deduplicatingQueue(Map.of());

        publish(queue, header("x-deduplication-header", "1"), "text one");
        publish(queue, header("x-deduplication-header", 1), "integer one");
        publish(queue, header("x-deduplication-header", 1), "integer one again");

        assertThat(bodies(queue)).containsExactly("text one", "integer one");
    }

    @Test
    void fullWindowForgetsTheLeastRecentlySeenKey() throws Exception {
        String queue = deduplicatingQueue(Map.of("x-cache-size", 2));

        publish(queue, id("a"), "a");
        publish(queue, id("b"), "b");
        publish(queue, id("a"), "a, hit: now the most recently seen");
        publish(queue, id("c"), "c evicts b");
        publish(queue, id("b"), "b forgotten, so accepted; evicts a");
        publish(queue, id("c"), "c still remembered");
        publish(queue, id("a"), "a forgotten, so accepted");

        assertThat(bodies(queue)).containsExactly("a", "b", "c evicts b", "b forgotten, so accepted; evicts a",
                "a forgotten, so accepted");
    }

    @Test
    void keysExpireAfterTheCacheTtlOnTheBrokerClock() throws Exception {
        String queue = deduplicatingQueue(Map.of("x-cache-ttl", 1_000));

        publish(queue, id("k"), "first");
        TIME.advance(999);
        publish(queue, id("k"), "inside the window");
        TIME.advance(1);
        publish(queue, id("k"), "window over");

        assertThat(bodies(queue)).containsExactly("first", "window over");
    }

    @Test
    void messageCanSetItsOwnWindowWithTheCacheTtlHeader() throws Exception {
        String queue = deduplicatingQueue(Map.of());
        Map<String, Object> shortLived = new HashMap<>();
        shortLived.put("x-deduplication-header", "k");
        shortLived.put("x-cache-ttl", 500);

        publish(queue, new AMQP.BasicProperties.Builder().headers(shortLived).build(), "remembered 500 ms");
        publish(queue, header("x-deduplication-header", "k"), "inside its window");
        TIME.advance(500);
        publish(queue, header("x-deduplication-header", "k"), "its window over");
        TIME.advance(3_600_000);
        publish(queue, header("x-deduplication-header", "k"), "queue's window: forever");

        assertThat(bodies(queue)).containsExactly("remembered 500 ms", "its window over");
    }

    @Test
    void messageRoutedToSeveralQueuesIsDroppedOnlyByTheDeduplicatingOne() throws Exception {
        String exchange = broker.uniqueName("fanout");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        String deduplicating = deduplicatingQueue(Map.of());
        String plain = broker.uniqueName("plain");
        channel.queueDeclare(plain, false, false, false, null);
        channel.queueBind(deduplicating, exchange, "");
        channel.queueBind(plain, exchange, "");

        for (int i = 0; i < 3; i++) {
            channel.basicPublish(exchange, "", id("same"), bytes("copy " + i));
        }
        channel.waitForConfirmsOrDie(10_000);

        assertThat(bodies(deduplicating)).containsExactly("copy 0");
        assertThat(bodies(plain)).containsExactly("copy 0", "copy 1", "copy 2");
    }

    @Test
    void duplicatesAreCountedPerQueue() throws Exception {
        String queue = deduplicatingQueue(Map.of("x-cache-size", 10));

        for (int i = 0; i < 4; i++) {
            publish(queue, id("k"), "m");
        }

        assertThat(broker.existingQueue(queue).deduplication().hits()).isEqualTo(3);
        assertThat(broker.existingQueue(queue).deduplication().size()).isEqualTo(1);
        assertThat(broker.existingQueue(queue).deduplication().capacity()).isEqualTo(10);
    }

    @Test
    void exchangeWithAnInvalidCacheSizeIsRefusedWith406() {
        Channel other = broker.newChannel();
        assertThatThrownBy(() -> other.exchangeDeclare(broker.uniqueName("bad"), "direct", false, false,
                Map.of("x-message-deduplication", true, "x-cache-size", 0)))
                .hasCauseInstanceOf(ShutdownSignalException.class)
                .satisfies(e -> {
                    AMQP.Channel.Close close = (AMQP.Channel.Close) ((ShutdownSignalException) e.getCause())
                            .getReason();
                    assertThat(close.getReplyCode()).isEqualTo(406);
                    assertThat(close.getReplyText()).contains("invalid arg 'x-cache-size'").contains("{value_zero,0}");
                });
    }

    private String deduplicatingQueue(Map<String, Object> extra) throws IOException {
        String queue = broker.uniqueName("dedup");
        Map<String, Object> arguments = new HashMap<>(extra);
        arguments.put("x-message-deduplication", true);
        channel.queueDeclare(queue, false, false, false, arguments);
        return queue;
    }

    private void publish(String queue, AMQP.BasicProperties properties, String body) throws Exception {
        channel.basicPublish("", queue, properties, bytes(body));
        channel.waitForConfirmsOrDie(10_000);
    }

    private List<String> bodies(String queue) throws IOException {
        List<String> bodies = new ArrayList<>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static AMQP.BasicProperties header(String name, Object value) {
        return new AMQP.BasicProperties.Builder().headers(Map.of(name, value)).build();
    }

    private static AMQP.BasicProperties id(String messageId) {
        return new AMQP.BasicProperties.Builder().messageId(messageId).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
