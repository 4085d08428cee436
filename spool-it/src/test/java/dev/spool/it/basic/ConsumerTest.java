package dev.spool.it.basic;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.consume and basic.cancel: consumer tags, exclusive consumers and consumer priorities (x-priority). */
class ConsumerTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void brokerGeneratesAConsumerTagWhenTheClientSendsNone() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        String tag = channel.basicConsume(queue, true, new RecordingConsumer(channel));

        assertThat(tag).startsWith("amq.ctag-");
    }

    @Test
    void cancelledConsumerGetsNothingMore() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare(broker.uniqueName("cancel"), false, true, false, null).getQueue();
        RecordingConsumer consumer = new RecordingConsumer(channel);
        String tag = channel.basicConsume(queue, true, "my-tag", consumer);

        channel.basicCancel(tag);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }

        AMQP.Queue.DeclareOk state = channel.queueDeclarePassive(queue);
        assertThat(state.getMessageCount()).isEqualTo(3);
        assertThat(state.getConsumerCount()).isZero();
        assertThat(consumer.count()).isZero();
    }

    @Test
    void exclusiveConsumerLocksOutOtherConsumersWith403() throws Exception {
        Channel owner = broker.newChannel();
        String queue = broker.uniqueName("exclusive-consumer");
        owner.queueDeclare(queue, false, false, false, null);
        owner.basicConsume(queue, false, "owner", false, true, null, new RecordingConsumer(owner));

        Channel other = broker.newChannel();
        AMQP.Channel.Close close = assertChannelError(
                () -> other.basicConsume(queue, false, new RecordingConsumer(other)), 403, 60, 20);

        assertThat(close.getReplyText()).isEqualTo("ACCESS_REFUSED - queue '" + queue + "' in vhost '/' in exclusive use");
    }

    @Test
    void exclusiveConsumeOnAQueueThatHasConsumersIsRefusedWith403() throws Exception {
        Channel first = broker.newChannel();
        String queue = broker.uniqueName("shared");
        first.queueDeclare(queue, false, false, false, null);
        first.basicConsume(queue, false, new RecordingConsumer(first));

        Channel second = broker.newChannel();
        assertChannelError(() -> second.basicConsume(queue, false, "", false, true, null,
                new RecordingConsumer(second)), 403, 60, 20);
    }

    @Test
    void exclusiveConsumerReleasesTheQueueWhenCancelled() throws Exception {
        Channel owner = broker.newChannel();
        String queue = owner.queueDeclare(broker.uniqueName("released"), false, true, false, null).getQueue();
        String tag = owner.basicConsume(queue, false, "", false, true, null, new RecordingConsumer(owner));

        owner.basicCancel(tag);

        owner.basicConsume(queue, false, new RecordingConsumer(owner));
        assertThat(owner.queueDeclarePassive(queue).getConsumerCount()).isEqualTo(1);
    }

    @Test
    void consumingFromAMissingQueueClosesChannelWith404() {
        Channel channel = broker.newChannel();

        assertChannelError(() -> channel.basicConsume("no-such-queue", new RecordingConsumer(channel)),
                404, 60, 20);
    }

    @Test
    void higherPriorityConsumerGetsEveryMessageWhileItHasCredit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        RecordingConsumer low = new RecordingConsumer(channel);
        RecordingConsumer high = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, "low", false, false, Map.of("x-priority", 1), low);
        channel.basicConsume(queue, false, "high", false, false, Map.of("x-priority", 10), high);

        for (int i = 0; i < 20; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }

        high.awaitDeliveries(20);
        assertThat(low.count()).isZero();
    }

    @Test
    void lowerPriorityConsumerGetsWhatTheHigherOneHasNoCreditFor() throws Exception {
        Channel highChannel = broker.newChannel();
        String queue = broker.uniqueName("priorities");
        highChannel.queueDeclare(queue, false, false, false, null);
        highChannel.basicQos(5);
        RecordingConsumer high = new RecordingConsumer(highChannel);
        highChannel.basicConsume(queue, false, "high", false, false, Map.of("x-priority", 10), high);
        Channel lowChannel = broker.newChannel();
        lowChannel.basicQos(100);
        RecordingConsumer low = new RecordingConsumer(lowChannel);
        lowChannel.basicConsume(queue, false, "low", false, false, Map.of("x-priority", -5), low);

        Channel publisher = broker.newChannel();
        for (int i = 0; i < 20; i++) {
            publisher.basicPublish("", queue, null, new byte[] {(byte) i});
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> high.count() + low.count() == 20);
        assertThat(high.count()).as("the high-priority consumer's prefetch").isEqualTo(5);
        assertThat(low.count()).isEqualTo(15);
        assertThat(high.bodies()).hasSize(5);
        assertThat(high.deliveries().get(0).getBody()).containsExactly(0);
    }
}
