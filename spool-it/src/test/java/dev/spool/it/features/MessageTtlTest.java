package dev.spool.it.features;

import static dev.spool.it.features.Queues.awaitReady;
import static dev.spool.it.features.Queues.bodies;
import static dev.spool.it.features.Queues.deadLettersTo;
import static dev.spool.it.features.Queues.drain;
import static dev.spool.it.features.Queues.firstDeath;
import static dev.spool.it.features.Queues.publish;
import static dev.spool.it.features.Queues.with;
import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.ManualTime;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message TTL: per queue, per message, "0", expiry anywhere in the queue, unacked messages, and a bad expiration. */
class MessageTtlTest {
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME);

    @Test
    void queueTtlExpiresMessagesAndDeadLettersThemWithReasonExpired() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("ttl");
        String dead = broker.uniqueName("ttl-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false, with(deadLettersTo(dead), "x-message-ttl", 1_000));
        publish(channel, queue, "m1");
        awaitReady(broker, queue, 1);

        TIME.advance(999);
        assertThat(broker.existingQueue(queue).messageCount()).as("not yet expired").isEqualTo(1);
        TIME.advance(1);

        assertThat(broker.existingQueue(queue).messageCount()).isZero();
        awaitReady(broker, dead, 1);
        GetResponse deadLetter = channel.basicGet(dead, true);
        assertThat(firstDeath(deadLetter)).containsEntry("reason", "expired").containsEntry("count", 1L)
                .doesNotContainKey("original-expiration");
        assertThat(deadLetter.getProps().getExpiration()).isNull();
    }

    @Test
    void theLowerOfMessageAndQueueTtlApplies() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("lower");
        channel.queueDeclare(queue, false, false, false, Map.of("x-message-ttl", 5_000));
        publish(channel, queue, "short", "1000");
        publish(channel, queue, "long", "60000");
        publish(channel, queue, "plain");
        awaitReady(broker, queue, 3);

        TIME.advance(1_000);
        assertThat(broker.existingQueue(queue).messageCount()).isEqualTo(2);
        TIME.advance(4_000);
        assertThat(broker.existingQueue(queue).messageCount()).isZero();
    }

    @Test
    void aShortLivedMessageBehindALongLivedOneExpiresOnTime() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("not-at-head");
        channel.queueDeclare(queue, false, false, false, null);
        publish(channel, queue, "head", "60000");
        publish(channel, queue, "behind", "100");
        publish(channel, queue, "forever");
        awaitReady(broker, queue, 3);

        TIME.advance(100);

        assertThat(broker.existingQueue(queue).messageCount()).isEqualTo(2);
        assertThat(bodies(drain(channel, queue))).containsExactly("head", "forever");
    }

    @Test
    void expirationZeroGoesToAWaitingConsumerAndExpiresAtOnceOtherwise() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("zero");
        channel.queueDeclare(queue, false, false, false, null);
        publish(channel, queue, "nobody waits", "0");
        publish(channel, queue, "marker");
        awaitReady(broker, queue, 1);
        assertThat(bodies(drain(channel, queue))).containsExactly("marker");

        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, true, consumer);
        publish(channel, queue, "taken at once", "0");

        consumer.awaitDeliveries(1);
        assertThat(consumer.bodies()).containsExactly("taken at once");
    }

    @Test
    void unackedMessagesDoNotExpireAndKeepTheirExpiryWhenRequeued() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("unacked");
        channel.queueDeclare(queue, false, false, false, Map.of("x-message-ttl", 1_000));
        publish(channel, queue, "held");
        publish(channel, queue, "held too");
        awaitReady(broker, queue, 2);
        GetResponse first = channel.basicGet(queue, false);
        GetResponse second = channel.basicGet(queue, false);

        TIME.advance(2_000);
        assertThat(broker.existingQueue(queue).unackedCount()).as("unacked ones stay").isEqualTo(2);
        channel.basicReject(first.getEnvelope().getDeliveryTag(), true);
        channel.basicAck(second.getEnvelope().getDeliveryTag(), false);

        await().atMost(Queues.WAIT).until(() -> broker.existingQueue(queue).unackedCount() == 0);
        assertThat(channel.basicGet(queue, true)).as("requeued past its expiry: gone").isNull();
        assertThat(broker.existingQueue(queue).messageCount()).isZero();
    }

    @Test
    void anExpirationThatIsNotANumberClosesTheChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("bad");
        channel.queueDeclare(queue, false, false, false, null);

        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().expiration("abc").build(), new byte[0]);

        AMQP.Channel.Close close = assertChannelClosedBy(channel, 406, 60, 40);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - invalid expiration 'abc': no_integer");
    }

    @Test
    void aNegativeExpirationClosesTheChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("negative");
        channel.queueDeclare(queue, false, false, false, null);

        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().expiration("-1").build(), new byte[0]);

        AMQP.Channel.Close close = assertChannelClosedBy(channel, 406, 60, 40);
        assertThat(close.getReplyText())
                .isEqualTo("PRECONDITION_FAILED - invalid expiration '-1': {value_negative,-1}");
    }
}
