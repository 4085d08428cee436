package dev.spool.engine.queue;

import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageGroupDispatchTest {
    private final ClassicQueue queue = queue(Map.of("x-group-header", "customer"));

    private static ClassicQueue queue(Map<String, Object> arguments) {
        return new ClassicQueue("q", "/", new QueueSettings(false, false, false, arguments), null, null);
    }

    private static Message message(String body, String group) {
        return message(body, group, 0);
    }

    private static Message message(String body, String group, int priority) {
        Map<String, Object> headers = group == null ? Map.of() : Map.of("customer", group);
        return new Message("", "q", new byte[0], body.getBytes(StandardCharsets.UTF_8), headers, List.of(), false,
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
    void oneConsumerGetsTheQueueInOrder() {
        queue.enqueue(message("a1", "a"));
        queue.enqueue(message("b1", "b"));
        queue.enqueue(message("n1", null));
        queue.enqueue(message("a2", "a"));
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        queue.enqueue(message("b2", "b"));
        assertThat(bodies(consumer)).containsExactly("a1", "b1", "n1", "a2", "b2");
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void aGroupStaysWithItsOwnerWhileOtherGroupsGoToOtherConsumers() {
        RecordingConsumer first = new RecordingConsumer("first", 1);
        RecordingConsumer second = new RecordingConsumer("second", 1);
        queue.addConsumer(first);
        queue.addConsumer(second);
        queue.enqueue(message("a1", "a"));
        queue.enqueue(message("a2", "a"));
        queue.enqueue(message("b1", "b"));
        assertThat(bodies(first)).containsExactly("a1");
        assertThat(bodies(second)).as("a2 waits for a's owner").containsExactly("b1");
        assertThat(queue.messageCount()).isEqualTo(1);

        second.grant(5);
        queue.dispatch();
        assertThat(bodies(second)).as("second may not take group a").containsExactly("b1");
        queue.ack(first.last().entryId());
        first.grant(1);
        queue.dispatch();
        assertThat(bodies(first)).containsExactly("a1", "a2");
    }

    @Test
    void whenTheOwnerLeavesItsRequeuedMessagesAndItsGroupGoToTheNextConsumerInOrder() {
        RecordingConsumer first = new RecordingConsumer("first", 2);
        RecordingConsumer second = new RecordingConsumer("second", 0);
        queue.addConsumer(first);
        queue.addConsumer(second);
        for (int i = 1; i <= 4; i++) {
            queue.enqueue(message("a" + i, "a"));
        }
        assertThat(bodies(first)).containsExactly("a1", "a2");
        second.grant(10);
        queue.dispatch();
        assertThat(second.deliveries()).isEmpty();

        // a closing channel requeues first, then its consumer leaves
        queue.requeue(new long[] {first.deliveries().get(0).entryId(), first.deliveries().get(1).entryId()}, 2);
        assertThat(second.deliveries()).isEmpty();
        queue.removeConsumer(first);
        assertThat(bodies(second)).containsExactly("a1", "a2", "a3", "a4");
        assertThat(second.deliveries()).extracting(RecordingConsumer.Delivery::redelivered)
                .containsExactly(true, true, false, false);
    }

    @Test
    void basicGetTakesOnlyGroupsNoConsumerOwnsAndHoldsTheGroupUntilSettled() {
        RecordingConsumer owner = new RecordingConsumer("owner", 1);
        queue.addConsumer(owner);
        queue.enqueue(message("a1", "a"));
        queue.enqueue(message("a2", "a"));
        queue.enqueue(message("b1", "b"));
        queue.enqueue(message("b2", "b"));
        GetResult got = queue.get(false);
        assertThat(Messages.body(got.message())).isEqualTo("b1");
        queue.removeConsumer(owner);
        RecordingConsumer other = RecordingConsumer.unlimited("other");
        queue.addConsumer(other);
        assertThat(bodies(other)).as("b is held by the unsettled get").containsExactly("a2");
        queue.ack(got.entryId());
        queue.dispatch();
        assertThat(bodies(other)).containsExactly("a2", "b2");
    }

    @Test
    void peekPurgeAndRemoveReadySeeEveryLane() {
        queue.enqueue(message("a1", "a"));
        queue.enqueue(message("n1", null));
        queue.enqueue(message("b1", "b"));
        queue.enqueue(message("a2", "a"));
        assertThat(queue.peek(10)).extracting(m -> Messages.body(m.message()))
                .containsExactly("a1", "n1", "b1", "a2");
        long b1 = queue.peek(10).get(2).entryId();
        assertThat(queue.removeReady(b1)).isTrue();
        assertThat(queue.messageCount()).isEqualTo(3);
        assertThat(queue.purge()).isEqualTo(3);
        assertThat(queue.messageCount()).isZero();
        queue.enqueue(message("a3", "a"));
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactly("a3");
    }

    @Test
    void manyConsumersNeverHoldOneGroupAtOnceAndEachGroupKeepsItsOrder() {
        int consumers = 4;
        List<RecordingConsumer> all = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            RecordingConsumer consumer = new RecordingConsumer("c" + c, 2);
            all.add(consumer);
            queue.addConsumer(consumer);
        }
        for (int i = 0; i < 200; i++) {
            queue.enqueue(message("g" + (i % 7) + ":" + i, "g" + (i % 7)));
        }
        Map<String, String> holder = new HashMap<>();
        Map<String, Integer> lastSeen = new HashMap<>();
        int delivered = 0;
        int[] seen = new int[consumers];
        while (delivered < 200) {
            boolean progressed = false;
            for (int c = 0; c < consumers; c++) {
                RecordingConsumer consumer = all.get(c);
                List<RecordingConsumer.Delivery> got = consumer.deliveries();
                for (int k = seen[c]; k < got.size(); k++) {
                    String[] parts = Messages.body(got.get(k).message()).split(":");
                    String owner = holder.putIfAbsent(parts[0], consumer.tag());
                    assertThat(owner == null || owner.equals(consumer.tag())).as("group " + parts[0]).isTrue();
                    int index = Integer.parseInt(parts[1]);
                    assertThat(index).isGreaterThan(lastSeen.getOrDefault(parts[0], -1));
                    lastSeen.put(parts[0], index);
                }
                for (int k = seen[c]; k < got.size(); k++) {
                    queue.ack(got.get(k).entryId());
                    delivered++;
                    progressed = true;
                    String group = Messages.body(got.get(k).message()).split(":")[0];
                    holder.remove(group);
                }
                consumer.grant(got.size() - seen[c]);
                seen[c] = got.size();
            }
            queue.dispatch();
            assertThat(progressed || delivered == 200).isTrue();
        }
        assertThat(all).allSatisfy(c -> assertThat(c.deliveries()).isNotEmpty());
    }

    @Test
    void withMaxPriorityHigherPrioritiesGoFirstWithinAndAcrossGroups() {
        ClassicQueue both = queue(Map.of("x-group-header", "customer", "x-max-priority", 5));
        both.enqueue(message("a-low", "a", 1));
        both.enqueue(message("b-high", "b", 4));
        both.enqueue(message("a-high", "a", 9));
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        both.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactly("a-high", "b-high", "a-low");
    }
}
