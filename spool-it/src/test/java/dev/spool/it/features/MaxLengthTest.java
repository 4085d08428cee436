package dev.spool.it.features;

import static dev.spool.it.features.Queues.awaitReady;
import static dev.spool.it.features.Queues.bodies;
import static dev.spool.it.features.Queues.bytes;
import static dev.spool.it.features.Queues.deadLettersTo;
import static dev.spool.it.features.Queues.drain;
import static dev.spool.it.features.Queues.firstDeath;
import static dev.spool.it.features.Queues.publish;
import static dev.spool.it.features.Queues.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import dev.spool.it.support.RunningBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** x-max-length, x-max-length-bytes and the three x-overflow modes, counting ready messages only. */
class MaxLengthTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void dropHeadDeadLettersTheOldestWithReasonMaxlen() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("drop-head");
        String dead = broker.uniqueName("drop-head-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false, with(deadLettersTo(dead), "x-max-length", 2));
        for (String body : List.of("m1", "m2", "m3")) {
            publish(channel, queue, body);
        }

        awaitReady(broker, dead, 1);
        assertThat(bodies(drain(channel, queue))).containsExactly("m2", "m3");
        assertThat(firstDeath(channel.basicGet(dead, true))).containsEntry("reason", "maxlen")
                .containsEntry("queue", queue);
    }

    @Test
    void maxLengthBytesCountsBodies() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("bytes");
        channel.queueDeclare(queue, false, false, false, Map.of("x-max-length-bytes", 10));
        for (String body : List.of("aaaa", "bbbb", "cccc")) {
            publish(channel, queue, body);
        }
        publish(channel, queue, "");

        awaitReady(broker, queue, 3);
        assertThat(bodies(drain(channel, queue))).containsExactly("bbbb", "cccc", "");
    }

    @Test
    void rejectPublishNacksTheMessagesThatDoNotFit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("reject");
        channel.queueDeclare(queue, false, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        Confirms confirms = Confirms.on(channel);

        publish(channel, queue, "fits");
        publish(channel, queue, "refused");

        await().atMost(Queues.WAIT).until(() -> confirms.acked.size() + confirms.nacked.size() == 2);
        assertThat(confirms.acked).containsExactly(1L);
        assertThat(confirms.nacked).containsExactly(2L);
        assertThat(bodies(drain(channel, queue))).containsExactly("fits");
    }

    @Test
    void aPersistentMessageRefusedByADurableQueueIsNackedNotConfirmedByTheDisk() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("durable-reject");
        channel.queueDeclare(queue, true, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        Confirms confirms = Confirms.on(channel);
        com.rabbitmq.client.AMQP.BasicProperties persistent = com.rabbitmq.client.MessageProperties.PERSISTENT_BASIC;

        channel.basicPublish("", queue, persistent, bytes("stored"));
        channel.basicPublish("", queue, persistent, bytes("refused"));
        channel.basicPublish("", queue, persistent, bytes("refused too"));

        await().atMost(Queues.WAIT).until(() -> confirms.acked.size() + confirms.nacked.size() == 3);
        assertThat(confirms.acked).containsExactly(1L);
        assertThat(confirms.nacked).containsExactly(2L, 3L);
        assertThat(bodies(drain(channel, queue))).containsExactly("stored");
    }

    @Test
    void unacknowledgedMessagesDoNotCountTowardsTheLimit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("unacked");
        channel.queueDeclare(queue, false, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        Confirms confirms = Confirms.on(channel);
        publish(channel, queue, "first");
        awaitReady(broker, queue, 1);
        assertThat(channel.basicGet(queue, false)).isNotNull();

        publish(channel, queue, "second");

        await().atMost(Queues.WAIT).until(() -> confirms.acked.size() == 2);
        assertThat(confirms.nacked).isEmpty();
    }

    @Test
    void routedToAFullAndAnOpenQueueOnlyTheFullOneRefusesAndThePublisherIsNacked() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("both");
        String full = broker.uniqueName("full");
        String open = broker.uniqueName("open");
        channel.exchangeDeclare(exchange, "fanout");
        channel.queueDeclare(full, false, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
        channel.queueDeclare(open, false, false, false, null);
        channel.queueBind(full, exchange, "");
        channel.queueBind(open, exchange, "");
        Confirms confirms = Confirms.on(channel);

        channel.basicPublish(exchange, "", null, bytes("m"));

        await().atMost(Queues.WAIT).until(() -> confirms.nacked.size() == 1);
        assertThat(confirms.acked).isEmpty();
        assertThat(broker.existingQueue(full).messageCount()).isZero();
        assertThat(broker.existingQueue(open).messageCount()).isEqualTo(1);
    }

    @Test
    void rejectPublishDlxRefusesAndDeadLettersWithReasonMaxlen() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("reject-dlx");
        String dead = broker.uniqueName("reject-dlx-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false, with(with(deadLettersTo(dead), "x-max-length", 1),
                "x-overflow", "reject-publish-dlx"));
        Confirms confirms = Confirms.on(channel);

        publish(channel, queue, "fits");
        publish(channel, queue, "refused");

        await().atMost(Queues.WAIT).until(() -> confirms.nacked.size() == 1);
        awaitReady(broker, dead, 1);
        assertThat(bodies(drain(channel, queue))).containsExactly("fits");
        var deadLetter = channel.basicGet(dead, true);
        assertThat(new String(deadLetter.getBody())).isEqualTo("refused");
        assertThat(firstDeath(deadLetter)).containsEntry("reason", "maxlen");
    }

    /** Records publisher confirms by sequence number. */
    private static final class Confirms implements ConfirmListener {
        final List<Long> acked = new CopyOnWriteArrayList<>();
        final List<Long> nacked = new CopyOnWriteArrayList<>();

        static Confirms on(Channel channel) throws Exception {
            Confirms confirms = new Confirms();
            channel.confirmSelect();
            channel.addConfirmListener(confirms);
            return confirms;
        }

        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            record(acked, deliveryTag, multiple);
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            record(nacked, deliveryTag, multiple);
        }

        private void record(List<Long> into, long tag, boolean multiple) {
            if (multiple) {
                for (long t = 1; t <= tag; t++) {
                    if (!acked.contains(t) && !nacked.contains(t)) {
                        into.add(t);
                    }
                }
            } else {
                into.add(tag);
            }
        }
    }
}
