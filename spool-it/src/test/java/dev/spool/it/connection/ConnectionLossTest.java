package dev.spool.it.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import dev.spool.it.support.SocketHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer's connection that dies without connection.close (the process crashed, the network dropped): its unacked
 * messages go back to the queue, marked redelivered, and reach another consumer. None is lost.
 */
class ConnectionLossTest {
    private static final int MESSAGES = 50;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void unackedMessagesOfAConnectionWhoseSocketClosesAreRedeliveredToAnotherConsumer() throws Exception {
        assertRequeuedAfterLoss(false);
    }

    @Test
    void unackedMessagesOfAConnectionWhoseSocketIsResetAreRedeliveredToAnotherConsumer() throws Exception {
        assertRequeuedAfterLoss(true);
    }

    private void assertRequeuedAfterLoss(boolean reset) throws Exception {
        Channel publisher = broker.newChannel();
        String queue = publisher.queueDeclare(broker.uniqueName("loss"), false, false, false, null).getQueue();
        List<String> sent = publish(publisher, queue);
        SocketHandle socket = new SocketHandle();
        ConnectionFactory factory = broker.connectionFactory();
        factory.setSocketConfigurator(socket);
        Connection doomed = broker.newConnection(factory);
        Channel doomedChannel = doomed.createChannel();
        RecordingConsumer first = new RecordingConsumer(doomedChannel);
        doomedChannel.basicConsume(queue, false, first);
        first.awaitDeliveries(MESSAGES);
        Queue engineQueue = broker.existingQueue(queue);
        assertThat(engineQueue.unackedCount()).isEqualTo(MESSAGES);

        if (reset) {
            socket.reset();
        } else {
            socket.close();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> engineQueue.consumerCount() == 0);
        RecordingConsumer second = new RecordingConsumer(publisher);
        publisher.basicConsume(queue, false, second);
        List<Delivery> redelivered = second.awaitDeliveries(MESSAGES);
        assertThat(redelivered).allMatch(delivery -> delivery.getEnvelope().isRedeliver());
        assertThat(second.bodies()).containsExactlyElementsOf(sent);
        publisher.basicAck(redelivered.get(MESSAGES - 1).getEnvelope().getDeliveryTag(), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> engineQueue.unackedCount() == 0);
        assertThat(engineQueue.messageCount()).isZero();
    }

    private static List<String> publish(Channel channel, String queue) throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String body = "message-" + i;
            channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
            sent.add(body);
        }
        channel.queueDeclarePassive(queue);
        return sent;
    }
}
