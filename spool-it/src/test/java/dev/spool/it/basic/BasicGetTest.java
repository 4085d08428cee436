package dev.spool.it.basic;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.get: get-ok with the count of messages left, get-empty, and acknowledgement of what was got. */
class BasicGetTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void getOkCarriesTheNumberOfMessagesStillReady() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }

        GetResponse first = channel.basicGet(queue, true);
        GetResponse second = channel.basicGet(queue, true);
        GetResponse third = channel.basicGet(queue, true);

        assertThat(first.getMessageCount()).isEqualTo(2);
        assertThat(second.getMessageCount()).isEqualTo(1);
        assertThat(third.getMessageCount()).isZero();
        assertThat(first.getBody()).containsExactly(0);
        assertThat(third.getBody()).containsExactly(2);
    }

    @Test
    void getOnAnEmptyQueueAnswersGetEmpty() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        assertThat(channel.basicGet(queue, true)).isNull();
        assertThat(channel.basicGet(queue, false)).isNull();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void getWithoutAutoAckHoldsTheMessageUnackedUntilAcked() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});

        GetResponse response = channel.basicGet(queue, false);

        assertThat(broker.existingQueue(queue).unackedCount()).isEqualTo(1);
        assertThat(channel.basicGet(queue, false)).isNull();
        channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
        channel.queueDeclarePassive(queue);
        assertThat(broker.existingQueue(queue).unackedCount()).isZero();
    }

    @Test
    void messagesGotWithoutAckReturnToTheQueueWhenTheChannelCloses() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare(broker.uniqueName("get"), false, false, false, null).getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});
        assertThat(channel.basicGet(queue, false)).isNotNull();

        channel.close();

        GetResponse again = broker.newChannel().basicGet(queue, true);
        assertThat(again).isNotNull();
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void deliveryTagsStartAtOneAndCountUpPerChannel() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }

        long first = channel.basicGet(queue, false).getEnvelope().getDeliveryTag();
        long second = channel.basicGet(queue, false).getEnvelope().getDeliveryTag();

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
    }

    @Test
    void getFromAMissingQueueClosesChannelWith404() {
        Channel channel = broker.newChannel();

        assertChannelError(() -> channel.basicGet("no-such-queue", true), 404, 60, 70);
    }
}
