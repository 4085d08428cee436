package dev.spool.it.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message groups ({@code x-group-header}, a Spool extension): messages with the same header value go to one consumer
 * at a time, in queue order, different groups in parallel; when the owner goes, its unacknowledged messages come back
 * first and the group moves on in order.
 */
class MessageGroupsTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private String declare(Channel channel) throws Exception {
        String queue = broker.uniqueName("groups");
        channel.queueDeclare(queue, true, false, false, Map.of("x-group-header", "customer"));
        return queue;
    }

    private static void publish(Channel channel, String queue, String group, String body) throws Exception {
        AMQP.BasicProperties properties = group == null ? null
                : new AMQP.BasicProperties.Builder().headers(Map.of("customer", group)).build();
        channel.basicPublish("", queue, properties, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(Delivery delivery) {
        return new String(delivery.getBody(), StandardCharsets.UTF_8);
    }

    /** One consumer's view: records what it got and acks it, releasing the group on the test's side first. */
    private record Worker(String name, Channel channel, List<String> got) {
    }

    @Test
    void groupsSpreadOverConsumersEachInOrderAndNeverHeldByTwoAtOnce() throws Exception {
        Channel publisher = broker.newChannel();
        String queue = declare(publisher);
        Map<String, String> holder = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<Worker> workers = new ArrayList<>();
        for (String name : List.of("w1", "w2")) {
            Channel channel = broker.newChannel();
            channel.basicQos(4);
            Worker worker = new Worker(name, channel, new CopyOnWriteArrayList<>());
            workers.add(worker);
            channel.basicConsume(queue, false, name, (tag, delivery) -> {
                String text = body(delivery);
                String group = text.substring(0, text.indexOf(':'));
                synchronized (holder) {
                    String owner = holder.get(group);
                    if (owner != null && !owner.equals(name)) {
                        violations.add(text + " went to " + name + " while " + owner + " held " + group);
                    }
                    holder.put(group, name);
                    inFlight.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
                }
                worker.got().add(text);
                synchronized (holder) { // released before the ack leaves, so a later delivery elsewhere is legal
                    if (inFlight.get(group).decrementAndGet() == 0) {
                        holder.remove(group);
                    }
                }
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            }, tag -> { });
        }
        int messages = 400;
        for (int i = 0; i < messages; i++) {
            String group = "c" + (i * 7 % 10);
            publish(publisher, queue, group, group + ":" + i);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> workers.stream().mapToInt(w -> w.got().size()).sum() == messages);

        assertThat(violations).isEmpty();
        Map<String, List<Integer>> byGroup = new ConcurrentHashMap<>();
        Map<String, String> groupOwner = new ConcurrentHashMap<>();
        for (Worker worker : workers) {
            assertThat(worker.got()).as(worker.name() + " got some groups").isNotEmpty();
            for (String text : worker.got()) {
                String group = text.substring(0, text.indexOf(':'));
                byGroup.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(text.substring(text.indexOf(':') + 1)));
                assertThat(groupOwner.putIfAbsent(group, worker.name())).as("one consumer per group")
                        .isIn(null, worker.name());
            }
        }
        assertThat(byGroup).hasSize(10);
        byGroup.forEach((group, order) -> assertThat(order).as("order of " + group).isSorted());
    }

    @Test
    void whenTheOwnerGoesItsUnackedMessagesComeBackFirstAndTheGroupMovesInOrder() throws Exception {
        Channel publisher = broker.newChannel();
        String queue = declare(publisher);
        Connection ownerConnection = broker.newConnection();
        Channel ownerChannel = ownerConnection.createChannel();
        ownerChannel.basicQos(3);
        RecordingConsumer owner = new RecordingConsumer(ownerChannel);
        ownerChannel.basicConsume(queue, false, "owner", owner);
        for (int i = 0; i < 6; i++) {
            publish(publisher, queue, "a", "a" + i);
        }
        owner.awaitDeliveries(3);

        Channel otherChannel = broker.newChannel();
        RecordingConsumer other = new RecordingConsumer(otherChannel);
        otherChannel.basicConsume(queue, true, "other", other);
        publish(publisher, queue, "b", "b0");
        publish(publisher, queue, null, "plain");
        other.awaitDeliveries(2);
        assertThat(other.bodies()).as("group a stays with its owner").containsExactly("b0", "plain");
        assertThat(publisher.queueDeclarePassive(queue).getMessageCount()).isEqualTo(3);

        ownerConnection.close();
        List<Delivery> got = other.awaitDeliveries(8);
        assertThat(other.bodies()).containsExactly("b0", "plain", "a0", "a1", "a2", "a3", "a4", "a5");
        assertThat(got.subList(2, 8)).extracting(d -> d.getEnvelope().isRedeliver())
                .containsExactly(true, true, true, false, false, false);
        assertThat(owner.bodies()).containsExactly("a0", "a1", "a2");
    }

    @Test
    void aSingleConsumerGetsTheQueueInPublishOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel);
        publish(channel, queue, "x", "1");
        publish(channel, queue, "y", "2");
        publish(channel, queue, null, "3");
        publish(channel, queue, "x", "4");
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, true, consumer);
        consumer.awaitDeliveries(4);
        assertThat(consumer.bodies()).containsExactly("1", "2", "3", "4");
    }
}
