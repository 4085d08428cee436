package dev.spool.engine.durable;

import dev.spool.engine.Broker;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import dev.spool.engine.queue.RecordingConsumer;
import dev.spool.store.log.DurableCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A durable broker stopped and opened again on its data directory keeps what RabbitMQ keeps, and only that. */
class BrokerRestartTest {
    private static final String OWNER = "connection-1";

    @TempDir
    Path dir;

    private DurableBroker durable;

    @AfterEach
    void close() throws IOException {
        if (durable != null) {
            durable.close();
        }
    }

    @Test
    void durableDefinitionsSurviveARestartAndTransientOnesDoNot() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        VirtualHost vhost = durable.broker().vhost("/");
        vhost.declareExchange("orders", "topic", false, true, false, false, Map.of("alternate-exchange", "lost"));
        vhost.declareExchange("scratch", "fanout", false, false, false, false, Map.of());
        vhost.declareExchange("fan", "fanout", false, true, true, false, Map.of());
        vhost.declareQueue("kept", false, new QueueSettings(true, false, false, Map.of("x-max-length", 10L)), OWNER);
        vhost.declareQueue("temp", false, new QueueSettings(false, false, false, Map.of()), OWNER);
        vhost.declareQueue("mine", false, new QueueSettings(true, true, false, Map.of()), OWNER);
        vhost.bindQueue("kept", "orders", "eu.#", Map.of("k", "v"), OWNER);
        vhost.bindQueue("temp", "orders", "us.#", Map.of(), OWNER);
        vhost.bindQueue("kept", "amq.direct", "kept", Map.of(), OWNER);
        vhost.bindQueue("kept", "scratch", "", Map.of(), OWNER);
        vhost.bindExchange("fan", "orders", "all.#", Map.of());
        vhost.bindQueue("kept", "fan", "", Map.of(), OWNER);
        vhost.unbindQueue("kept", "amq.direct", "kept", Map.of(), OWNER);
        durable.broker().users().add("alice", "secret", Set.of("monitoring"));
        durable.broker().users().setPermission("alice", "/", new Permission("^a", "^b", "^c"));
        durable.broker().users().add("bob", "gone", Set.of());
        durable.broker().users().delete("bob");

        Broker broker = durable.restart();
        VirtualHost restored = broker.vhost("/");

        Exchange orders = restored.findExchange("orders");
        assertThat(orders.type()).isEqualTo("topic");
        assertThat(orders.durable()).isTrue();
        assertThat(orders.alternateExchange()).isEqualTo("lost");
        assertThat(restored.findExchange("fan").autoDelete()).isTrue();
        assertThat(restored.findExchange("scratch")).isNull();
        assertThat(restored.findQueue("kept").settings().arguments()).containsEntry("x-max-length", 10L);
        assertThat(restored.findQueue("temp")).isNull();
        assertThat(restored.findQueue("mine")).isNull();
        assertThat(restored.bindings()).filteredOn(b -> !b.source().isEmpty()).containsExactlyInAnyOrder(
                new Binding("orders", "kept", true, "eu.#", Map.of("k", "v")),
                new Binding("orders", "fan", false, "all.#", Map.of()),
                new Binding("fan", "kept", true, "", Map.of()));
        assertThat(broker.authenticate("alice", "secret", true).tags()).containsExactly("monitoring");
        assertThat(broker.users().permission("alice", "/")).isEqualTo(new Permission("^a", "^b", "^c"));
        assertThat(broker.users().get("bob")).isNull();
        assertThat(broker.authenticate("guest", "guest", true)).isNotNull();
    }

    @Test
    void persistentMessagesOfADurableQueueComeBackInOrderAndTransientOnesDoNot() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "q");
        declareTransient(vhost, "t");
        vhost.bindQueue("t", "amq.fanout", "", Map.of(), OWNER);
        vhost.bindQueue("q", "amq.fanout", "", Map.of(), OWNER);
        PublishScratch scratch = new PublishScratch(null);
        for (int i = 0; i < 100; i++) {
            vhost.publish("amq.fanout", message("m" + i, i % 10 != 0), scratch, 0);
        }

        VirtualHost restored = durable.restart().vhost("/");

        assertThat(restored.findQueue("t")).isNull();
        Queue queue = restored.findQueue("q");
        assertThat(queue.messageCount()).isEqualTo(90);
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i % 10 != 0) {
                expected.add("m" + i);
            }
        }
        assertThat(bodies(consumer)).containsExactlyElementsOf(expected);
        assertThat(consumer.deliveries()).extracting(RecordingConsumer.Delivery::redelivered).containsOnly(false);
    }

    @Test
    void ackedMessagesStayGoneAndUnackedOnesComeBackFlaggedRedelivered() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "q");
        publishPersistent(vhost, "q", "a", "b", "c", "d");
        Queue queue = vhost.findQueue("q");
        RecordingConsumer consumer = new RecordingConsumer("c", 3);
        queue.addConsumer(consumer);
        queue.ack(consumer.deliveries().get(0).entryId()); // a: acked
        queue.requeue(consumer.deliveries().get(2).entryId()); // c: delivered, requeued, not yet delivered again

        Queue restored = durable.restart().vhost("/").findQueue("q");

        RecordingConsumer after = RecordingConsumer.unlimited("after");
        restored.addConsumer(after);
        assertThat(bodies(after)).containsExactly("b", "c", "d");
        assertThat(after.deliveries()).extracting(RecordingConsumer.Delivery::redelivered)
                .containsExactly(true, true, false);
    }

    @Test
    void deletedQueueTakesItsMessagesAndSegmentsWithIt() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "doomed");
        declareDurable(vhost, "next");
        byte[] body = new byte[4000];
        PublishScratch scratch = new PublishScratch(null);
        for (int i = 0; i < 200; i++) { // about three 256 KiB segments
            vhost.publish("", new Message("", "doomed", new byte[0], body, Map.of(), List.of(), true, 0, 0), scratch,
                    0);
        }
        vhost.deleteQueue("doomed", false, false, OWNER);
        publishPersistent(vhost, "next", "after");

        Broker broker = durable.restart();

        assertThat(broker.vhost("/").findQueue("doomed")).isNull();
        assertThat(broker.vhost("/").findQueue("next").messageCount()).isEqualTo(1);
        assertThat(segmentFiles()).as("segments left: the one holding 'after' and the new active one").hasSize(2);
    }

    @Test
    void backlogBeyondTheMemoryBudgetWaitsOnDiskAndIsDeliveredInOrder() throws IOException {
        durable = new DurableBroker(dir, 20_000);
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "q");
        PublishScratch scratch = new PublishScratch(null);
        for (int i = 0; i < 2000; i++) {
            vhost.publish("", new Message("", "q", new byte[] {1}, ("m" + i).getBytes(StandardCharsets.UTF_8),
                    Map.of(), List.of(), i % 2 == 0, 0, 0), scratch, 0);
        }

        assertThat(durable.storage().memory().usedBytes()).isLessThanOrEqualTo(20_000);
        Queue queue = vhost.findQueue("q");
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        assertThat(consumer.deliveries()).hasSize(2000);
        for (int i = 0; i < 2000; i++) {
            assertThat(body(consumer.deliveries().get(i).message())).isEqualTo("m" + i);
            assertThat(consumer.deliveries().get(i).message().properties()).containsExactly(1);
            queue.ack(consumer.deliveries().get(i).entryId());
        }
        assertThat(durable.storage().memory().usedBytes()).isZero();
    }

    @Test
    void transientMessagesWrittenOutOfTheHeapAreGoneAfterARestart() throws IOException {
        durable = new DurableBroker(dir, 0);
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "q");
        PublishScratch scratch = new PublishScratch(null);
        vhost.publish("", message("transient", false), scratch, 0);
        vhost.publish("", message("persistent", true), scratch, 0);
        assertThat(durable.storage().memory().usedBytes()).isZero();

        Queue restored = durable.restart().vhost("/").findQueue("q");

        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        restored.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactly("persistent");
    }

    @Test
    void storedPublishIsReportedDurableThroughTheCallbackWithItsToken() throws Exception {
        durable = new DurableBroker(dir, 1 << 20);
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "q");
        declareTransient(vhost, "t");
        List<Long> durableTokens = new CopyOnWriteArrayList<>();
        PublishScratch scratch = new PublishScratch(new DurableCallback() {
            @Override
            public void onDurable(long token) {
                durableTokens.add(token);
            }

            @Override
            public void onFailed(long token, IOException cause) {
                throw new AssertionError("failed " + token, cause);
            }
        });

        vhost.publish("", new Message("", "q", new byte[0], new byte[1], Map.of(), List.of(), true, 0, 0), scratch, 7);
        assertThat(scratch.awaitsDisk()).isTrue();
        vhost.publish("", new Message("", "t", new byte[0], new byte[1], Map.of(), List.of(), true, 0, 0), scratch, 8);
        assertThat(scratch.awaitsDisk()).as("a transient queue keeps it in memory").isFalse();
        vhost.publish("", message("transient", false), scratch, 9);
        assertThat(scratch.awaitsDisk()).isFalse();

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (durableTokens.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(durableTokens).containsExactly(7L);
    }

    private static void declareDurable(VirtualHost vhost, String name) {
        vhost.declareQueue(name, false, new QueueSettings(true, false, false, Map.of()), OWNER);
    }

    private static void declareTransient(VirtualHost vhost, String name) {
        vhost.declareQueue(name, false, new QueueSettings(false, false, false, Map.of()), OWNER);
    }

    private static void publishPersistent(VirtualHost vhost, String queue, String... bodies) {
        PublishScratch scratch = new PublishScratch(null);
        for (String body : bodies) {
            vhost.publish("", new Message("", queue, new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(),
                    List.of(), true, 0, 0), scratch, 0);
        }
    }

    /** To queue "q" through the default exchange, or to whatever the exchange routes it to. */
    private static Message message(String body, boolean persistent) {
        return new Message("", "q", new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of(),
                persistent, 0, 0);
    }

    private static List<String> bodies(RecordingConsumer consumer) {
        List<String> bodies = new ArrayList<>();
        for (RecordingConsumer.Delivery delivery : consumer.deliveries()) {
            bodies.add(body(delivery.message()));
        }
        return bodies;
    }

    private static String body(Message message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("messages"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }
}
