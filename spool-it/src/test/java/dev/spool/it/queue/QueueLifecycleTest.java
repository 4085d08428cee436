package dev.spool.it.queue;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A queue after declaration: auto-delete, bind and unbind, purge, delete and its conditions, consumer cancel. */
class QueueLifecycleTest {
    private static final int QUEUE = 50;
    private static final int DELETE = 40;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void autoDeleteQueueGoesWhenItsLastConsumerCancels() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare(broker.uniqueName("auto"), false, false, true, null).getQueue();
        String first = channel.basicConsume(queue, true, (tag, delivery) -> { }, tag -> { });
        String second = channel.basicConsume(queue, true, (tag, delivery) -> { }, tag -> { });

        channel.basicCancel(first);
        assertThat(channel.queueDeclarePassive(queue).getConsumerCount()).isEqualTo(1);
        channel.basicCancel(second);

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.queue(queue) == null);
        assertChannelError(() -> channel.queueDeclarePassive(queue), 404, QUEUE, 10);
    }

    @Test
    void autoDeleteQueueThatNeverHadAConsumerStays() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare(broker.uniqueName("auto"), false, false, true, null).getQueue();

        channel.basicPublish("", queue, null, new byte[] {1});

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    }

    @Test
    void boundQueueReceivesUntilUnbound() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("direct");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();

        channel.queueBind(queue, exchange, "key");
        channel.basicPublish(exchange, "key", null, new byte[] {1});
        channel.queueUnbind(queue, exchange, "key");
        channel.basicPublish(exchange, "key", null, new byte[] {2});

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
        assertThat(channel.basicGet(queue, true).getBody()).containsExactly(1);
    }

    @Test
    void bindingTwiceIsOneBinding() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("direct");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();

        channel.queueBind(queue, exchange, "key");
        channel.queueBind(queue, exchange, "key");
        channel.basicPublish(exchange, "key", null, new byte[] {1});

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    }

    @Test
    void purgeRemovesReadyMessagesAndReturnsHowMany() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 7; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }
        assertThat(channel.basicGet(queue, false)).isNotNull(); // one unacked: purge leaves it alone

        AMQP.Queue.PurgeOk purged = channel.queuePurge(queue);

        assertThat(purged.getMessageCount()).isEqualTo(6);
        assertThat(broker.existingQueue(queue).messageCount()).isZero();
        assertThat(broker.existingQueue(queue).unackedCount()).isEqualTo(1);
    }

    @Test
    void deleteReturnsHowManyMessagesWentWithTheQueue() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 4; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }

        AMQP.Queue.DeleteOk deleted = channel.queueDelete(queue);

        assertThat(deleted.getMessageCount()).isEqualTo(4);
        assertThat(broker.queue(queue)).isNull();
    }

    @Test
    void deleteIfEmptyOfAQueueWithMessagesClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});

        AMQP.Channel.Close close = assertChannelError(() -> channel.queueDelete(queue, false, true),
                406, QUEUE, DELETE);

        assertThat(close.getReplyText()).startsWith("PRECONDITION_FAILED");
        assertThat(broker.queue(queue)).isNotNull();
    }

    @Test
    void deleteIfUnusedOfAQueueWithConsumersClosesChannelWith406() throws Exception {
        Channel consumer = broker.newChannel();
        String queue = broker.uniqueName("used");
        consumer.queueDeclare(queue, false, false, false, null);
        consumer.basicConsume(queue, true, (tag, delivery) -> { }, tag -> { });
        Channel channel = broker.newChannel();

        assertChannelError(() -> channel.queueDelete(queue, true, false), 406, QUEUE, DELETE);
        assertThat(broker.queue(queue)).isNotNull();
    }

    @Test
    void deleteIfUnusedAndIfEmptySucceedsOnAnIdleEmptyQueue() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        assertThat(channel.queueDelete(queue, true, true).getMessageCount()).isZero();
        assertThat(broker.queue(queue)).isNull();
    }

    @Test
    void deletingAQueueSendsBasicCancelToItsConsumers() throws Exception {
        Channel consumerChannel = broker.newChannel();
        String queue = broker.uniqueName("cancelled");
        consumerChannel.queueDeclare(queue, false, false, false, null);
        RecordingConsumer consumer = new RecordingConsumer(consumerChannel);
        consumerChannel.basicConsume(queue, false, consumer);

        broker.newChannel().queueDelete(queue);

        assertThat(consumer.awaitCancelByBroker()).as("handleCancel called").isTrue();
        assertThat(consumerChannel.isOpen()).isTrue();
        assertThat(consumerChannel.queueDeclare().getQueue()).startsWith("amq.gen-");
    }
}
