package dev.spool.it.features;

import static dev.spool.it.features.Queues.awaitReady;
import static dev.spool.it.features.Queues.bodies;
import static dev.spool.it.features.Queues.bytes;
import static dev.spool.it.features.Queues.deadLettersTo;
import static dev.spool.it.features.Queues.drain;
import static dev.spool.it.features.Queues.firstDeath;
import static dev.spool.it.features.Queues.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.ManualTime;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TTL, length limits and dead-lettering in priority queues and queues with message groups: an expired message leaves
 * from whichever lane it waits in, drop-head drops the message that would be delivered next, and a grouped delivery
 * dead-lettered on reject releases its group. On a test clock.
 */
class OrderedQueueFeaturesTest {
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME);

    @Test
    void aLowPriorityMessageExpiresBehindAHigherOne() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("prio-ttl");
        String dead = broker.uniqueName("prio-ttl-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false, with(deadLettersTo(dead), "x-max-priority", 5));
        publish(channel, queue, "high", 5, null);
        publish(channel, queue, "low-short", 1, "1000");
        publish(channel, queue, "low", 1, null);
        awaitReady(broker, queue, 3);

        TIME.advance(1_000);

        awaitReady(broker, dead, 1);
        assertThat(firstDeath(channel.basicGet(dead, true))).containsEntry("reason", "expired");
        assertThat(bodies(drain(channel, queue))).containsExactly("high", "low");
    }

    @Test
    void dropHeadInAPriorityQueueDropsTheHighestPriorityFirst() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("prio-maxlen");
        String dead = broker.uniqueName("prio-maxlen-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false,
                with(with(deadLettersTo(dead), "x-max-priority", 5), "x-max-length", 2));
        publish(channel, queue, "a", 1, null);
        publish(channel, queue, "b", 5, null);
        publish(channel, queue, "c", 1, null);

        awaitReady(broker, dead, 1);
        GetResponse dropped = channel.basicGet(dead, true);
        assertThat(new String(dropped.getBody())).isEqualTo("b");
        assertThat(firstDeath(dropped)).containsEntry("reason", "maxlen");
        assertThat(bodies(drain(channel, queue))).containsExactly("a", "c");
    }

    @Test
    void aGroupedDeliveryDeadLetteredOnRejectReleasesItsGroup() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("groups-dlx");
        String dead = broker.uniqueName("groups-dlx-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false, with(deadLettersTo(dead), "x-group-header", "customer"));
        publishInGroup(channel, queue, "x1", "x");
        publishInGroup(channel, queue, "x2", "x");
        awaitReady(broker, queue, 2);
        GetResponse first = channel.basicGet(queue, false); // basic.get holds group x until x1 is settled
        assertThat(new String(first.getBody())).isEqualTo("x1");
        Channel consuming = broker.newChannel();
        RecordingConsumer consumer = new RecordingConsumer(consuming);
        consuming.basicConsume(queue, false, consumer);
        channel.queueDeclarePassive(queue); // a round trip: x2 stays while the group is held
        assertThat(consumer.count()).isZero();

        channel.basicReject(first.getEnvelope().getDeliveryTag(), false);

        assertThat(consumer.awaitDeliveries(1).get(0).getBody()).isEqualTo(bytes("x2"));
        awaitReady(broker, dead, 1);
        assertThat(firstDeath(channel.basicGet(dead, true))).containsEntry("reason", "rejected");
    }

    private static void publish(Channel channel, String queue, String body, int priority, String expiration)
            throws IOException {
        channel.basicPublish("", queue,
                new AMQP.BasicProperties.Builder().priority(priority).expiration(expiration).build(), bytes(body));
    }

    private static void publishInGroup(Channel channel, String queue, String body, String group) throws IOException {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().headers(Map.of("customer", group)).build(),
                bytes(body));
    }
}
