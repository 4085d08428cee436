package dev.spool.engine.queue;

import dev.spool.engine.Messages;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SingleActiveConsumerTest {
    private final ClassicQueue queue = new ClassicQueue("q", "/",
            new QueueSettings(false, false, false, Map.of("x-single-active-consumer", true)), null, null);

    private void publish(int n) {
        for (int i = 0; i < n; i++) {
            queue.enqueue(Messages.message("q", "m" + i));
        }
    }

    @Test
    void onlyTheFirstConsumerReceives() {
        RecordingConsumer first = RecordingConsumer.unlimited("first");
        RecordingConsumer second = RecordingConsumer.unlimited("second");
        queue.addConsumer(first);
        queue.addConsumer(second);
        publish(5);
        assertThat(first.deliveries()).hasSize(5);
        assertThat(second.deliveries()).isEmpty();
        assertThat(queue.singleActiveConsumerTag()).isEqualTo("first");
    }

    @Test
    void aBlockedActiveConsumerIsNotReplacedByAWaitingOne() {
        RecordingConsumer first = new RecordingConsumer("first", 1);
        RecordingConsumer second = RecordingConsumer.unlimited("second");
        queue.addConsumer(first);
        queue.addConsumer(second);
        publish(3);
        assertThat(first.deliveries()).hasSize(1);
        assertThat(second.deliveries()).isEmpty();
        assertThat(queue.messageCount()).isEqualTo(2);
        first.grant(5);
        queue.dispatch();
        assertThat(first.deliveries()).hasSize(3);
    }

    @Test
    void whenTheActiveConsumerLeavesTheNextByPriorityThenSubscriptionOrderTakesOver() {
        RecordingConsumer first = new RecordingConsumer("first", 1, false, false, 0);
        RecordingConsumer low = new RecordingConsumer("low", 100, false, false, 0);
        RecordingConsumer high = new RecordingConsumer("high", 100, false, false, 5);
        RecordingConsumer high2 = new RecordingConsumer("high2", 100, false, false, 5);
        queue.addConsumer(first);
        queue.addConsumer(low);
        queue.addConsumer(high);
        queue.addConsumer(high2);
        assertThat(queue.singleActiveConsumerTag()).isEqualTo("first"); // a later, higher consumer does not preempt
        publish(3);
        assertThat(first.deliveries()).hasSize(1);

        queue.removeConsumer(first);
        assertThat(queue.singleActiveConsumerTag()).isEqualTo("high");
        assertThat(high.deliveries()).hasSize(2);
        queue.requeue(first.last().entryId());
        assertThat(high.deliveries()).hasSize(3);
        assertThat(high.last().redelivered()).isTrue();

        queue.removeConsumer(high);
        assertThat(queue.singleActiveConsumerTag()).isEqualTo("high2");
        queue.removeConsumer(high2);
        assertThat(queue.singleActiveConsumerTag()).isEqualTo("low");
        queue.removeConsumer(low);
        assertThat(queue.singleActiveConsumerTag()).isNull();
        assertThat(low.deliveries()).isEmpty();
    }
}
