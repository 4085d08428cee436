package dev.spool.it.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RawFrame;
import dev.spool.it.support.RunningBroker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends basic.ack after its own connection.close (RabbitMQ's Java client can: its consumer threads keep
 * acking until close-ok arrives) has that ack discarded, as RabbitMQ discards every frame after connection.close but
 * close and close-ok: the delivery goes back to the queue as ready when the connection is gone.
 */
class AckAfterConnectionCloseTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void ackSentAfterConnectionCloseIsDiscardedAndTheMessageComesBackReady() throws Exception {
        String queueName = broker.uniqueName("ack-after-close");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queueName, false, false, false, null);
        channel.basicPublish("", queueName, null, new byte[] {1});
        channel.basicPublish("", queueName, null, new byte[] {2});

        try (RawConnection raw = RawConnection.open(broker.port(), 16, 131_072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, MethodPayload.of(60, 20).shortUint(0).shortStr(queueName).shortStr("c").octet(0)
                    .emptyTable());
            raw.expectMethod(60, 21);
            long first = nextDeliveryTag(raw);
            long second = nextDeliveryTag(raw);

            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(ack(first));
            frames.writeBytes(RawConnection.frame(RawFrame.METHOD, 0, MethodPayload.of(10, 50).shortUint(200)
                    .shortStr("bye").shortUint(0).shortUint(0).bytes(), 0xCE));
            frames.writeBytes(ack(second));
            raw.write(frames.toByteArray());
            RawFrame reply = raw.readFrameSkippingHeartbeats();
            while (reply.type() != RawFrame.METHOD) { // the second delivery's content
                reply = raw.readFrameSkippingHeartbeats();
            }
            assertThat(reply.isMethod(10, 51)).as("connection.close-ok: %s", reply).isTrue();
        }

        Queue queue = broker.existingQueue(queueName);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.consumerCount() == 0 && queue.unackedCount() == 0);
        assertThat(queue.messageCount()).as("the message whose ack came after connection.close").isEqualTo(1);
    }

    private static byte[] ack(long tag) {
        return RawConnection.frame(RawFrame.METHOD, 1, MethodPayload.of(60, 80).longLong(tag).octet(0).bytes(), 0xCE);
    }

    /** The next basic.deliver's delivery tag (after its consumer-tag), skipping content frames. */
    private static long nextDeliveryTag(RawConnection raw) throws Exception {
        RawFrame deliver = raw.readFrameSkippingHeartbeats();
        while (deliver.type() != RawFrame.METHOD) {
            deliver = raw.readFrameSkippingHeartbeats();
        }
        assertThat(deliver.isMethod(60, 60)).as("basic.deliver: %s", deliver).isTrue();
        ByteBuffer arguments = deliver.arguments();
        RawFrame.shortStr(arguments);
        return arguments.getLong();
    }
}
