package dev.spool.engine.queue;

import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityQueueTest {
    private final ClassicQueue queue = queue(Map.of("x-max-priority", 10));

    private static ClassicQueue queue(Map<String, Object> arguments) {
        return new ClassicQueue("q", "/", new QueueSettings(false, false, false, arguments), null, null);
    }

    private static Message message(String body, int priority) {
        return new Message("", "q", new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of(), false,
                priority, 0L);
    }

    private static List<String> bodies(RecordingConsumer consumer) {
        List<String> out = new ArrayList<>();
        for (RecordingConsumer.Delivery d : consumer.deliveries()) {
            out.add(Messages.body(d.message()));
        }
        return out;
    }

    @Test
    void higherPrioritiesGoFirstAndEqualOnesKeepQueueOrder() {
        queue.enqueue(message("a0", 0));
        queue.enqueue(message("b5", 5));
        queue.enqueue(message("c1", 1));
        queue.enqueue(message("d5", 5));
        queue.enqueue(message("e9", 9));
        queue.enqueue(message("f0", 0));
        assertThat(queue.messageCount()).isEqualTo(6);
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactly("e9", "b5", "d5", "c1", "a0", "f0");
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void prioritiesAboveTheMaximumCountAsTheMaximum() {
        queue.enqueue(message("ten", 10));
        queue.enqueue(message("two-hundred", 200));
        queue.enqueue(message("nine", 9));
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactly("ten", "two-hundred", "nine");
    }

    @Test
    void requeuedMessagesGoBackToTheirPlaceWithinTheirPriority() {
        for (String body : new String[] {"x1", "x2", "x3"}) {
            queue.enqueue(message(body, 3));
        }
        queue.enqueue(message("low", 1));
        RecordingConsumer first = new RecordingConsumer("first", 2);
        queue.addConsumer(first);
        assertThat(bodies(first)).containsExactly("x1", "x2");
        queue.removeConsumer(first);
        queue.enqueue(message("high", 7));
        queue.requeue(first.deliveries().get(1).entryId());
        queue.requeue(first.deliveries().get(0).entryId());

        assertThat(queue.peek(10)).extracting(m -> Messages.body(m.message()))
                .containsExactly("high", "x1", "x2", "x3", "low");
        RecordingConsumer second = RecordingConsumer.unlimited("second");
        queue.addConsumer(second);
        assertThat(bodies(second)).containsExactly("high", "x1", "x2", "x3", "low");
        assertThat(second.deliveries()).extracting(RecordingConsumer.Delivery::redelivered)
                .containsExactly(false, true, true, false, false);
    }

    @Test
    void getTakesTheHighestPriorityFirst() {
        queue.enqueue(message("low", 1));
        queue.enqueue(message("high", 4));
        GetResult first = queue.get(false);
        assertThat(Messages.body(first.message())).isEqualTo("high");
        assertThat(first.messageCount()).isEqualTo(1);
        queue.ack(first.entryId());
        assertThat(Messages.body(queue.get(true).message())).isEqualTo("low");
        assertThat(queue.get(true)).isNull();
    }

    @Test
    void purgeAndRemoveReadyCoverEveryLaneAndIdsStayUnique() {
        queue.enqueue(message("a", 2));
        queue.enqueue(message("b", 0));
        queue.enqueue(message("c", 2));
        RecordingConsumer consumer = new RecordingConsumer("c", 1);
        queue.addConsumer(consumer);
        long outstanding = consumer.last().entryId();
        long b = queue.peek(10).stream().filter(m -> Messages.body(m.message()).equals("b")).findFirst()
                .orElseThrow().entryId();
        assertThat(queue.removeReady(b)).isTrue();
        assertThat(queue.removeReady(b)).isFalse();
        assertThat(queue.messageCount()).isEqualTo(1);
        assertThat(queue.purge()).isEqualTo(1);
        assertThat(queue.messageCount()).isZero();

        queue.enqueue(message("d", 2));
        queue.removeConsumer(consumer);
        queue.requeue(outstanding);
        assertThat(queue.peek(10)).extracting(m -> Messages.body(m.message())).containsExactly("a", "d");
        assertThat(queue.peek(10)).extracting(QueuedMessage::entryId).doesNotHaveDuplicates();
    }

    @Test
    void aQueueWithMaxPriority255AllocatesLanesOnlyForPrioritiesInUse() {
        ClassicQueue wide = queue(Map.of("x-max-priority", 255));
        wide.enqueue(message("a", 255));
        wide.enqueue(message("b", 0));
        wide.enqueue(message("c", 128));
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        wide.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactly("a", "c", "b");
    }

    @Test
    void aPlainQueueIgnoresPriorities() {
        ClassicQueue plain = queue(Map.of());
        plain.enqueue(message("low", 1));
        plain.enqueue(message("high", 9));
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        plain.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactly("low", "high");
    }
}
