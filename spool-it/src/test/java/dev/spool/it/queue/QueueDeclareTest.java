package dev.spool.it.queue;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.it.support.RunningBroker;
import dev.spool.it.support.SocketHandle;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** queue.declare: server-named queues, the counts in declare-ok, equivalence, and exclusive queues. */
class QueueDeclareTest {
    private static final int QUEUE = 50;
    private static final int DECLARE = 10;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void emptyNameGetsAServerGeneratedAmqGenName() throws Exception {
        Channel channel = broker.newChannel();

        AMQP.Queue.DeclareOk first = channel.queueDeclare();
        AMQP.Queue.DeclareOk second = channel.queueDeclare("", false, true, true, null);

        assertThat(first.getQueue()).matches("amq\\.gen-[A-Za-z0-9_-]{22}");
        assertThat(second.getQueue()).startsWith("amq.gen-").isNotEqualTo(first.getQueue());
        assertThat(broker.queue(first.getQueue())).isNotNull();
    }

    @Test
    void declareOkCountsReadyMessagesAndConsumers() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("counts");
        channel.queueDeclare(queue, false, false, false, null);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }
        Channel consumers = broker.newChannel();
        consumers.basicQos(1);
        consumers.basicConsume(queue, false, (tag, delivery) -> { }, tag -> { });
        consumers.basicConsume(queue, false, (tag, delivery) -> { }, tag -> { });
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).unackedCount() == 2);

        AMQP.Queue.DeclareOk active = channel.queueDeclare(queue, false, false, false, null);
        AMQP.Queue.DeclareOk passive = channel.queueDeclarePassive(queue);

        assertThat(active.getQueue()).isEqualTo(queue);
        assertThat(active.getMessageCount()).as("ready, not counting the 2 unacked").isEqualTo(1);
        assertThat(active.getConsumerCount()).isEqualTo(2);
        assertThat(passive.getMessageCount()).isEqualTo(1);
        assertThat(passive.getConsumerCount()).isEqualTo(2);
    }

    @Test
    void passiveDeclareOfMissingQueueClosesChannelWith404() {
        Channel channel = broker.newChannel();

        AMQP.Channel.Close close = assertChannelError(() -> channel.queueDeclarePassive("no-such-queue"),
                404, QUEUE, DECLARE);

        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no queue 'no-such-queue' in vhost '/'");
    }

    @Test
    void redeclareWithOtherDurabilityClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("durable");
        channel.queueDeclare(queue, false, false, false, null);

        AMQP.Channel.Close close = assertChannelError(() -> channel.queueDeclare(queue, true, false, false, null),
                406, QUEUE, DECLARE);

        assertThat(close.getReplyText()).startsWith("PRECONDITION_FAILED - inequivalent arg 'durable'");
    }

    @Test
    void redeclareWithOtherAutoDeleteClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("auto-delete");
        channel.queueDeclare(queue, false, false, false, null);

        assertChannelError(() -> channel.queueDeclare(queue, false, false, true, null), 406, QUEUE, DECLARE);
    }

    @Test
    void redeclareWithOtherArgumentsClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("args");
        channel.queueDeclare(queue, false, false, false, Map.of("x-max-length", 10));

        channel.queueDeclare(queue, false, false, false, Map.of("x-max-length", 10));
        AMQP.Channel.Close close = assertChannelError(
                () -> channel.queueDeclare(queue, false, false, false, Map.of("x-max-length", 20)),
                406, QUEUE, DECLARE);

        assertThat(close.getReplyText()).startsWith("PRECONDITION_FAILED - inequivalent arg 'x-max-length'");
    }

    @Test
    void declaringANewAmqPrefixedQueueClosesChannelWith403() {
        Channel channel = broker.newChannel();

        assertChannelError(() -> channel.queueDeclare("amq.my-queue", false, false, false, null),
                403, QUEUE, DECLARE);
    }

    @Test
    void exclusiveQueueOfAnotherConnectionCannotBeDeclaredConsumedOrDeletedWith405() throws Exception {
        Channel owner = broker.newChannel();
        String queue = owner.queueDeclare(broker.uniqueName("exclusive"), false, true, false, null).getQueue();

        assertChannelError(() -> broker.newChannel().queueDeclare(queue, false, true, false, null),
                405, QUEUE, DECLARE);
        assertChannelError(() -> broker.newChannel().queueDeclarePassive(queue), 405, QUEUE, DECLARE);
        assertChannelError(() -> broker.newChannel().basicConsume(queue, true, (tag, d) -> { }, tag -> { }),
                405, 60, 20);
        assertChannelError(() -> broker.newChannel().queueDelete(queue), 405, QUEUE, 40);

        assertThat(owner.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
    }

    @Test
    void exclusiveQueueIsDeletedWhenItsConnectionCloses() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare(broker.uniqueName("exclusive"), false, true, false, null).getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});

        connection.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.queue(queue) == null);
        assertChannelError(() -> broker.newChannel().queueDeclarePassive(queue), 404, QUEUE, DECLARE);
    }

    @Test
    void exclusiveQueueIsDeletedWhenItsConnectionIsLost() throws Exception {
        SocketHandle socket = new SocketHandle();
        ConnectionFactory factory = broker.connectionFactory();
        factory.setSocketConfigurator(socket);
        Connection connection = broker.newConnection(factory);
        String queue = connection.createChannel()
                .queueDeclare(broker.uniqueName("exclusive"), false, true, false, null).getQueue();

        socket.reset();

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.queue(queue) == null);
    }
}
