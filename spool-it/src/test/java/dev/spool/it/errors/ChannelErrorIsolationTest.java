package dev.spool.it.errors;

import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static dev.spool.it.support.ProtocolErrors.assertConnectionClosedBy;
import static dev.spool.it.support.ProtocolErrors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A channel error closes that channel only: the other channels of the same connection, and other connections, go on
 * publishing and consuming. A connection error closes one connection only.
 */
class ChannelErrorIsolationTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private Connection connection;
    private Channel neighbour;
    private Channel elsewhere;

    @BeforeEach
    void neighboursThatMustSurvive() {
        connection = broker.newConnection();
        neighbour = RunningBroker.openChannel(connection);
        elsewhere = broker.newChannel();
    }

    @Test
    void ackOfAnUnknownDeliveryTagClosesOnlyThatChannelWith406() throws Exception {
        Channel channel = RunningBroker.openChannel(connection);

        channel.basicAck(42, false);

        AMQP.Channel.Close close = assertChannelClosedBy(channel, 406, 60, 80);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - unknown delivery tag 42");
        assertNeighboursStillWork();
    }

    @Test
    void secondAckOfTheSameDeliveryTagClosesChannelWith406() throws Exception {
        Channel channel = RunningBroker.openChannel(connection);
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});
        long tag = channel.basicGet(queue, false).getEnvelope().getDeliveryTag();

        channel.basicAck(tag, false);
        channel.basicAck(tag, false);

        assertChannelClosedBy(channel, 406, 60, 80);
        assertNeighboursStillWork();
    }

    @Test
    void publishToAMissingExchangeClosesChannelWith404SeenByTheNextSynchronousCall() throws Exception {
        Channel channel = RunningBroker.openChannel(connection);

        channel.basicPublish("no-such-exchange", "key", null, new byte[] {1});

        AMQP.Channel.Close close = assertChannelError(channel::queueDeclare, 404, 60, 40);
        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no exchange 'no-such-exchange' in vhost '/'");
        assertNeighboursStillWork();
    }

    @Test
    void publishToAMissingExchangeClosesChannelWith404SeenByAShutdownListener() throws Exception {
        Channel channel = RunningBroker.openChannel(connection);
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        channel.addShutdownListener(closed::complete);

        channel.basicPublish("no-such-exchange", "key", null, new byte[] {1});

        ShutdownSignalException signal = closed.get(10, TimeUnit.SECONDS);
        assertThat(signal.isHardError()).isFalse();
        AMQP.Channel.Close close = (AMQP.Channel.Close) signal.getReason();
        assertThat(close.getReplyCode()).isEqualTo(404);
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertNeighboursStillWork();
    }

    @Test
    void closedChannelNumberCanBeOpenedAgainAfterAnError() throws Exception {
        Channel channel = connection.createChannel(9);
        assertChannelError(() -> channel.queueDeclarePassive("no-such-queue"), 404, 50, 10);

        Channel reopened = connection.createChannel(9);

        assertThat(reopened.queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    @Test
    void duplicateConsumerTagOnAChannelClosesTheConnectionWith530() throws Exception {
        Connection doomed = broker.newConnection();
        Channel channel = RunningBroker.openChannel(doomed);
        String queue = channel.queueDeclare().getQueue();
        channel.basicConsume(queue, true, "same-tag", new RecordingConsumer(channel));

        AMQP.Connection.Close close = assertConnectionError(
                () -> channel.basicConsume(queue, true, "same-tag", new RecordingConsumer(channel)), 530, 60, 20);

        assertThat(close.getReplyText()).isEqualTo("NOT_ALLOWED - attempt to reuse consumer tag 'same-tag'");
        assertConnectionClosedBy(doomed, 530, 60, 20);
        assertNeighboursStillWork();
    }

    @Test
    void sameConsumerTagOnTwoChannelsIsAllowed() throws Exception {
        Channel first = RunningBroker.openChannel(connection);
        Channel second = RunningBroker.openChannel(connection);
        String queue = first.queueDeclare().getQueue();

        first.basicConsume(queue, true, "shared-tag", new RecordingConsumer(first));
        second.basicConsume(queue, true, "shared-tag", new RecordingConsumer(second));

        assertThat(first.queueDeclarePassive(queue).getConsumerCount()).isEqualTo(2);
    }

    @Test
    void manyChannelErrorsInARowLeaveTheConnectionUsable() throws Exception {
        for (int i = 0; i < 50; i++) {
            Channel channel = RunningBroker.openChannel(connection);
            assertChannelError(() -> channel.queueDeclarePassive("no-such-queue"), 404, 50, 10);
        }

        assertNeighboursStillWork();
    }

    /** Publishes and consumes on the surviving channels: same connection, and another connection. */
    private void assertNeighboursStillWork() throws Exception {
        assertThat(connection.isOpen()).as("the connection of the failed channel").isTrue();
        for (Channel channel : new Channel[] {neighbour, elsewhere}) {
            assertThat(channel.isOpen()).isTrue();
            String queue = channel.queueDeclare().getQueue();
            RecordingConsumer consumer = new RecordingConsumer(channel);
            channel.basicConsume(queue, false, consumer);
            channel.basicPublish("", queue, null, "still here".getBytes(StandardCharsets.UTF_8));
            long tag = consumer.awaitDeliveries(1).get(0).getEnvelope().getDeliveryTag();
            channel.basicAck(tag, false);
            assertThat(consumer.bodies()).containsExactly("still here");
        }
    }
}
