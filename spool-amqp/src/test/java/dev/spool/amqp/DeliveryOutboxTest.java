package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.QueueSettings;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryOutboxTest implements DeliveryOutbox.Owner {
    private final EmbeddedChannel socket = new EmbeddedChannel();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final DeliveryOutbox outbox = new DeliveryOutbox(scheduled::add, socket, this);
    private final ClassicQueue queue = new ClassicQueue("q", "/", new QueueSettings(false, false, false, Map.of()),
            null, null);
    private int resumed;

    @Override
    public void flushDeliveries() {
    }

    @Override
    public void resumeConsumers() {
        resumed++;
    }

    @Override
    public void deliveryFailed(Throwable failure) {
        throw new AssertionError(failure);
    }

    @AfterEach
    void close() {
        socket.finishAndReleaseAll();
    }

    private void enqueue(int count) {
        for (int i = 0; i < count; i++) {
            queue.enqueue(new Message("", "q", new byte[0], new byte[] {1}, Map.of(), List.of(), false, 0, 0));
        }
    }

    private ConsumerState noAckConsumer() {
        return new ConsumerState("c", true, false, 0, 0, null, queue, new ChannelCredit(), outbox);
    }

    @Test
    void consumerThatIsNotDrainedStopsTakingMessagesOnceTheOutboxIsFull() {
        enqueue(DeliveryOutbox.MAX_PENDING + 500);
        queue.addConsumer(noAckConsumer());
        assertThat(outbox.pending()).isEqualTo(DeliveryOutbox.MAX_PENDING);
        assertThat(queue.messageCount()).isEqualTo(500);
        assertThat(scheduled).as("one drain task while the outbox is non-empty").hasSize(1);
    }

    @Test
    void unwritableSocketRefusesCreditAndWritableAgainResumesConsumers() {
        ConsumerState consumer = noAckConsumer();
        socket.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertThat(consumer.tryAcquireCredit()).isFalse();
        outbox.resumeIfStarved();
        assertThat(resumed).isZero();
        socket.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        outbox.resumeIfStarved();
        assertThat(resumed).isEqualTo(1);
        assertThat(consumer.tryAcquireCredit()).isTrue();
    }

    @Test
    void consumerPrefetchIsCountedAndReturned() {
        ChannelCredit channel = new ChannelCredit();
        ConsumerState consumer = new ConsumerState("c", false, false, 0, 2, null, queue, channel, outbox);
        assertThat(consumer.tryAcquireCredit()).isTrue();
        assertThat(consumer.tryAcquireCredit()).isTrue();
        assertThat(consumer.tryAcquireCredit()).isFalse();
        consumer.returnCredit();
        assertThat(consumer.tryAcquireCredit()).isTrue();
        assertThat(consumer.unacked()).isEqualTo(2);
        assertThat(channel.unacked()).isEqualTo(2);
    }

    @Test
    void channelWidePrefetchLimitsEveryConsumerOfTheChannel() {
        ChannelCredit channel = new ChannelCredit();
        channel.limit(1);
        ConsumerState a = new ConsumerState("a", false, false, 0, 0, null, queue, channel, outbox);
        ConsumerState b = new ConsumerState("b", false, false, 0, 0, null, queue, channel, outbox);
        assertThat(a.tryAcquireCredit()).isTrue();
        assertThat(b.tryAcquireCredit()).isFalse();
        assertThat(b.unacked()).as("b's own credit is given back").isZero();
        a.returnCredit();
        assertThat(channel.takeStarved()).isTrue();
        assertThat(b.tryAcquireCredit()).isTrue();
    }
}
