package dev.spool.engine.durable;

import dev.spool.engine.Broker;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import dev.spool.engine.queue.QueuedMessage;
import dev.spool.engine.queue.RecordingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What management does to a durable broker's queues and virtual hosts: browsing and deleting one message work on
 * messages that live only on disk, a deleted message stays deleted after a restart, and so does a deleted virtual host.
 */
class ManagementOnDurableBrokerTest {
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
    void peekReadsBackMessagesKeptOnlyOnDiskWithoutTakingThem() throws IOException {
        durable = new DurableBroker(dir, 0); // no memory budget: every message lives on disk only
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "q");
        publishPersistent(vhost, "q", 1_000, "m0", "m1", "m2");
        Queue queue = vhost.findQueue("q");

        List<QueuedMessage> peeked = queue.peek(10);

        assertThat(peeked).extracting(m -> body(m.message())).containsExactly("m0", "m1", "m2");
        assertThat(peeked).extracting(QueuedMessage::redelivered).containsOnly(false);
        assertThat(queue.messageCount()).isEqualTo(3);
        assertThat(queue.stats().oldestReadyPublishedAt()).as("read back from disk").isEqualTo(1_000);
        assertThat(durable.storage().memory().usedBytes()).isZero();
    }

    @Test
    void removedMessagesOnDiskStayGoneAfterARestart() throws IOException {
        durable = new DurableBroker(dir, 0);
        VirtualHost vhost = durable.broker().vhost("/");
        declareDurable(vhost, "q");
        publishPersistent(vhost, "q", 1_000, "m0", "m1", "m2", "m3", "m4");
        Queue queue = vhost.findQueue("q");
        GetResult first = queue.get(false);
        queue.requeue(first.entryId()); // m0 now waits among the requeued entries
        List<QueuedMessage> peeked = queue.peek(10);
        assertThat(peeked).extracting(m -> body(m.message())).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(peeked.get(0).redelivered()).isTrue();

        assertThat(queue.removeReady(peeked.get(0).entryId())).isTrue();
        assertThat(queue.removeReady(peeked.get(2).entryId())).isTrue();
        assertThat(queue.removeReady(peeked.get(2).entryId())).as("already removed").isFalse();
        assertThat(queue.messageCount()).isEqualTo(3);
        assertThat(queue.peek(10)).extracting(m -> body(m.message())).containsExactly("m1", "m3", "m4");

        Queue restored = durable.restart().vhost("/").findQueue("q");

        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        restored.addConsumer(consumer);
        List<String> bodies = new ArrayList<>();
        for (RecordingConsumer.Delivery delivery : consumer.deliveries()) {
            bodies.add(body(delivery.message()));
        }
        assertThat(bodies).containsExactly("m1", "m3", "m4");
    }

    @Test
    void deletedVirtualHostStaysDeletedAfterARestart() throws IOException {
        Broker broker = (durable = new DurableBroker(dir, 1 << 20)).broker();
        VirtualHost vhost = broker.createVhost("v");
        vhost.declareExchange("x", "direct", false, true, false, false, Map.of());
        declareDurable(vhost, "q");
        vhost.bindQueue("q", "x", "k", Map.of(), OWNER);
        publishPersistent(vhost, "q", 1_000, "m0");

        assertThat(broker.deleteVhost("v")).isTrue();
        Broker restarted = durable.restart();

        assertThat(restarted.vhost("v")).isNull();
        VirtualHost again = restarted.createVhost("v");
        assertThat(again.findExchange("x")).as("the old vhost's exchange").isNull();
        assertThat(again.findQueue("q")).as("the old vhost's queue").isNull();
        assertThat(restarted.vhost("/")).isNotNull();
    }

    private static void declareDurable(VirtualHost vhost, String name) {
        vhost.declareQueue(name, false, new QueueSettings(true, false, false, Map.of()), OWNER);
    }

    private static void publishPersistent(VirtualHost vhost, String queue, long publishedAt, String... bodies) {
        PublishScratch scratch = new PublishScratch(null);
        for (String body : bodies) {
            vhost.publish("", new Message("", queue, new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(),
                    List.of(), true, 0, publishedAt), scratch, 0);
        }
    }

    private static String body(Message message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }
}
