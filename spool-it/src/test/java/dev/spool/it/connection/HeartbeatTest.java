package dev.spool.it.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RawFrame;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heartbeats with a one-second interval: the broker keeps a quiet but live client connected (it sends heartbeats the
 * client needs to see), and drops a client that stopped sending anything, requeueing what it had not acked.
 */
class HeartbeatTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    /**
     * The client library gives up on a connection after about two heartbeat intervals without inbound traffic, so
     * this also fails if the broker does not send heartbeats.
     */
    @Test
    void idleClientWithOneSecondHeartbeatStaysConnectedForFourSeconds() throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedHeartbeat(1);
        Connection connection = broker.newConnection(factory);
        assertThat(connection.getHeartbeat()).isEqualTo(1);

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(connection::isOpen);

        Channel channel = connection.createChannel();
        assertThat(channel.queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    /**
     * RabbitMQ checks for inbound data once per interval and gives up after two checks without any, so a silent
     * client is dropped two to three intervals after its last byte.
     */
    @Test
    void silentClientIsDisconnectedWithinThreeSecondsAndItsUnackedMessagesAreRequeued() throws Exception {
        Channel publisher = broker.newChannel();
        String queue = publisher.queueDeclare(broker.uniqueName("silent"), false, false, false, null).getQueue();
        for (int i = 0; i < 3; i++) {
            publisher.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        publisher.queueDeclarePassive(queue);

        long silentSince;
        boolean closed;
        try (RawConnection raw = RawConnection.open(broker.port(), 16, 131_072, 1)) {
            raw.openChannel(1);
            raw.sendMethod(1, MethodPayload.of(60, 20).shortUint(0).shortStr(queue).shortStr("silent")
                    .octet(0).emptyTable());
            silentSince = System.nanoTime();
            receiveDeliveries(raw, 3);
            assertThat(broker.existingQueue(queue).unackedCount()).isEqualTo(3);

            closed = raw.closedByBrokerWithin(Duration.ofSeconds(8));
        }
        Duration silentFor = Duration.ofNanos(System.nanoTime() - silentSince);

        assertThat(closed).as("the broker closed the silent connection").isTrue();
        assertThat(silentFor).isBetween(Duration.ofSeconds(1), Duration.ofMillis(3_500));
        RecordingConsumer second = new RecordingConsumer(publisher);
        publisher.basicConsume(queue, true, second);
        List<Delivery> redelivered = second.awaitDeliveries(3);
        assertThat(redelivered).hasSize(3).allMatch(delivery -> delivery.getEnvelope().isRedeliver());
        assertThat(second.bodies()).containsExactly("m0", "m1", "m2");
    }

    /** Reads consume-ok and then {@code count} deliveries (method, header and body frames). */
    private static void receiveDeliveries(RawConnection raw, int count) throws Exception {
        raw.expectMethod(60, 21);
        int bodies = 0;
        int delivers = 0;
        while (bodies < count || delivers < count) {
            RawFrame frame = raw.readFrameSkippingHeartbeats();
            if (frame.isMethod(60, 60)) {
                delivers++;
            } else if (frame.type() == RawFrame.BODY) {
                bodies++;
            }
        }
    }
}
