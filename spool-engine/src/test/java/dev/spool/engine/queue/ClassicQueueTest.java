package dev.spool.engine.queue;

import dev.spool.engine.ErrorCondition;
import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicQueueTest {
    private final ClassicQueue queue = newQueue(false);

    private static ClassicQueue newQueue(boolean autoDelete) {
        return new ClassicQueue("q", "/", new QueueSettings(false, false, autoDelete, Map.of()), null, null);
    }

    private void publish(String... bodies) {
        for (String body : bodies) {
            queue.enqueue(Messages.message("q", body));
        }
    }

    private static List<String> bodies(RecordingConsumer consumer) {
        List<String> out = new ArrayList<>();
        for (RecordingConsumer.Delivery d : consumer.deliveries()) {
            out.add(Messages.body(d.message()));
        }
        return out;
    }

    @Test
    void deliversInPublishOrder() {
        publish("1", "2", "3");
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        publish("4");
        assertThat(bodies(consumer)).containsExactly("1", "2", "3", "4");
        assertThat(consumer.deliveries()).extracting(RecordingConsumer.Delivery::redelivered).containsOnly(false);
    }

    @Test
    void entryIdsIncreaseMonotonically() {
        publish("1", "2", "3");
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        assertThat(consumer.deliveries()).extracting(RecordingConsumer.Delivery::entryId).isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void requeueRestoresOriginalPositionBeforeLaterMessages() {
        publish("1", "2", "3", "4");
        RecordingConsumer first = new RecordingConsumer("first", 3);
        queue.addConsumer(first);
        long id1 = first.deliveries().get(0).entryId();
        long id3 = first.deliveries().get(2).entryId();
        queue.removeConsumer(first);
        // requeue out of order: 3 then 1; both must come back before 4, in original order
        queue.requeue(id3);
        queue.requeue(id1);
        RecordingConsumer second = RecordingConsumer.unlimited("second");
        queue.addConsumer(second);
        assertThat(bodies(second)).containsExactly("1", "3", "4");
        assertThat(second.deliveries()).extracting(RecordingConsumer.Delivery::redelivered)
                .containsExactly(true, true, false);
        assertThat(second.deliveries().get(0).entryId()).isEqualTo(id1);
    }

    @Test
    void batchRequeueRestoresOrderAndDispatchesOnce() {
        publish("1", "2", "3");
        RecordingConsumer first = new RecordingConsumer("first", 3);
        queue.addConsumer(first);
        long[] ids = first.deliveries().stream().mapToLong(RecordingConsumer.Delivery::entryId).toArray();
        queue.removeConsumer(first);
        queue.requeue(new long[] {ids[2], ids[0], ids[1], 999}, 4);
        assertThat(queue.messageCount()).isEqualTo(3);
        assertThat(queue.unackedCount()).isZero();
        GetResult got = queue.get(true);
        assertThat(Messages.body(got.message())).isEqualTo("1");
        assertThat(got.redelivered()).isTrue();
        assertThat(got.messageCount()).isEqualTo(2);
    }

    @Test
    void requeueOfUnknownOrSettledEntryIsIgnored() {
        publish("1");
        RecordingConsumer consumer = new RecordingConsumer("c", 1);
        queue.addConsumer(consumer);
        long id = consumer.last().entryId();
        queue.ack(id);
        queue.requeue(id);
        queue.requeue(12345);
        assertThat(queue.messageCount()).isZero();
        assertThat(queue.unackedCount()).isZero();
    }

    @Test
    void roundRobinsAmongConsumersWithCredit() {
        RecordingConsumer a = RecordingConsumer.unlimited("a");
        RecordingConsumer b = RecordingConsumer.unlimited("b");
        RecordingConsumer c = RecordingConsumer.unlimited("c");
        queue.addConsumer(a);
        queue.addConsumer(b);
        queue.addConsumer(c);
        publish("1", "2", "3", "4", "5", "6");
        assertThat(bodies(a)).containsExactly("1", "4");
        assertThat(bodies(b)).containsExactly("2", "5");
        assertThat(bodies(c)).containsExactly("3", "6");
    }

    @Test
    void consumerWithoutCreditIsSkippedAndMessagesWait() {
        RecordingConsumer starved = new RecordingConsumer("starved", 0);
        queue.addConsumer(starved);
        publish("1", "2");
        assertThat(starved.deliveries()).isEmpty();
        assertThat(queue.messageCount()).isEqualTo(2);
        starved.grant(1);
        queue.dispatch();
        assertThat(bodies(starved)).containsExactly("1");
        assertThat(queue.messageCount()).isEqualTo(1);
    }

    @Test
    void prefetchOneGetsTheNextMessageOnlyAfterAckAndDispatch() {
        RecordingConsumer consumer = new RecordingConsumer("c", 1);
        queue.addConsumer(consumer);
        publish("1", "2", "3");
        assertThat(bodies(consumer)).containsExactly("1");

        queue.ack(consumer.last().entryId());
        assertThat(bodies(consumer)).as("ack alone returns no credit").containsExactly("1");
        consumer.grant(1);
        queue.dispatch();
        assertThat(bodies(consumer)).containsExactly("1", "2");
        assertThat(queue.unackedCount()).isEqualTo(1);
        assertThat(queue.messageCount()).isEqualTo(1);
    }

    @Test
    void prefetchOneSendsWorkToTheIdleConsumerNotTheBusyOne() {
        RecordingConsumer slow = new RecordingConsumer("slow", 1);
        RecordingConsumer fast = new RecordingConsumer("fast", 1);
        queue.addConsumer(slow);
        queue.addConsumer(fast);
        publish("1", "2", "3", "4");
        assertThat(bodies(slow)).containsExactly("1");
        assertThat(bodies(fast)).containsExactly("2");
        // fast acks twice in a row while slow is still busy: fast gets both of the next messages
        for (int i = 0; i < 2; i++) {
            queue.ack(fast.last().entryId());
            fast.grant(1);
            queue.dispatch();
        }
        assertThat(bodies(fast)).containsExactly("2", "3", "4");
        assertThat(bodies(slow)).containsExactly("1");
    }

    @Test
    void rejectWithRequeueRedeliversToTheSamePrefetchOneConsumerWithoutAnExplicitDispatch() {
        RecordingConsumer consumer = new RecordingConsumer("c", 1);
        queue.addConsumer(consumer);
        publish("1", "2");
        long first = consumer.last().entryId();
        consumer.grant(1);
        queue.requeue(first);
        assertThat(bodies(consumer)).containsExactly("1", "1");
        assertThat(consumer.last().redelivered()).isTrue();
        assertThat(consumer.last().entryId()).isEqualTo(first);
    }

    @Test
    void higherPriorityConsumersGoFirstAndLowerOnesGetTheOverflow() {
        RecordingConsumer low = RecordingConsumer.unlimited("low");
        RecordingConsumer high = new RecordingConsumer("high", 2, false, false, 10);
        queue.addConsumer(low);
        queue.addConsumer(high);
        publish("1", "2", "3", "4");
        assertThat(bodies(high)).containsExactly("1", "2");
        assertThat(bodies(low)).containsExactly("3", "4");
        high.grant(1);
        queue.dispatch();
        publish("5");
        assertThat(bodies(high)).containsExactly("1", "2", "5");
    }

    @Test
    void samePriorityConsumersShareRoundRobin() {
        RecordingConsumer a = new RecordingConsumer("a", 100, false, false, 5);
        RecordingConsumer b = new RecordingConsumer("b", 100, false, false, 5);
        RecordingConsumer low = RecordingConsumer.unlimited("low");
        queue.addConsumer(low);
        queue.addConsumer(a);
        queue.addConsumer(b);
        publish("1", "2", "3", "4");
        assertThat(bodies(a)).containsExactly("1", "3");
        assertThat(bodies(b)).containsExactly("2", "4");
        assertThat(low.deliveries()).isEmpty();
    }

    @Test
    void secondConsumerOnQueueWithExclusiveConsumerIsRefused() {
        queue.addConsumer(new RecordingConsumer("x", 10, false, true, 0));
        assertFails(() -> queue.addConsumer(RecordingConsumer.unlimited("other")),
                ErrorCondition.ACCESS_REFUSED, "queue 'q' in vhost '/' in exclusive use");
    }

    @Test
    void exclusiveConsumerOnQueueWithConsumersIsRefused() {
        queue.addConsumer(RecordingConsumer.unlimited("first"));
        assertFails(() -> queue.addConsumer(new RecordingConsumer("x", 10, false, true, 0)),
                ErrorCondition.ACCESS_REFUSED, "queue 'q' in vhost '/' in exclusive use");
    }

    @Test
    void cancellingTheExclusiveConsumerFreesTheQueue() {
        RecordingConsumer exclusive = new RecordingConsumer("x", 10, false, true, 0);
        queue.addConsumer(exclusive);
        assertThat(queue.removeConsumer(exclusive)).isTrue();
        queue.addConsumer(RecordingConsumer.unlimited("next"));
        assertThat(queue.consumerCount()).isEqualTo(1);
    }

    @Test
    void noAckDeliveriesAreForgottenAtOnce() {
        RecordingConsumer consumer = new RecordingConsumer("c", 10, true, false, 0);
        queue.addConsumer(consumer);
        publish("1", "2");
        assertThat(bodies(consumer)).containsExactly("1", "2");
        assertThat(queue.unackedCount()).isZero();
        queue.requeue(consumer.last().entryId());
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void getTakesTheNextReadyMessageWithTheRemainingCount() {
        publish("1", "2", "3");
        GetResult got = queue.get(false);
        assertThat(Messages.body(got.message())).isEqualTo("1");
        assertThat(got.redelivered()).isFalse();
        assertThat(got.messageCount()).isEqualTo(2);
        assertThat(queue.unackedCount()).isEqualTo(1);
        queue.requeue(got.entryId());
        GetResult again = queue.get(true);
        assertThat(Messages.body(again.message())).isEqualTo("1");
        assertThat(again.redelivered()).isTrue();
        assertThat(queue.unackedCount()).isZero();
    }

    @Test
    void getOnAnEmptyQueueReturnsNull() {
        assertThat(queue.get(false)).isNull();
    }

    @Test
    void discardDropsAnUnackedEntry() {
        publish("1");
        GetResult got = queue.get(false);
        queue.discard(got.entryId());
        assertThat(queue.unackedCount()).isZero();
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void purgeRemovesReadyMessagesButKeepsUnackedOnes() {
        publish("1", "2", "3");
        GetResult got = queue.get(false);
        RecordingConsumer first = new RecordingConsumer("c", 1);
        queue.addConsumer(first);
        queue.removeConsumer(first);
        queue.requeue(first.last().entryId());
        assertThat(queue.purge()).isEqualTo(2);
        assertThat(queue.messageCount()).isZero();
        assertThat(queue.unackedCount()).isEqualTo(1);
        queue.requeue(got.entryId());
        assertThat(queue.messageCount()).isEqualTo(1);
    }

    @Test
    void countsTrackReadyUnackedAndConsumers() {
        publish("1", "2", "3");
        assertThat(queue.messageCount()).isEqualTo(3);
        RecordingConsumer consumer = new RecordingConsumer("c", 2);
        queue.addConsumer(consumer);
        assertThat(queue.messageCount()).isEqualTo(1);
        assertThat(queue.unackedCount()).isEqualTo(2);
        assertThat(queue.consumerCount()).isEqualTo(1);
        queue.ack(consumer.deliveries().get(0).entryId());
        assertThat(queue.unackedCount()).isEqualTo(1);
        queue.removeConsumer(consumer);
        assertThat(queue.consumerCount()).isZero();
    }

    @Test
    void deleteCancelsConsumersAndDropsMessages() {
        publish("1", "2");
        RecordingConsumer consumer = new RecordingConsumer("c", 1);
        queue.addConsumer(consumer);
        assertThat(queue.delete(false, false)).isEqualTo(1);
        assertThat(consumer.cancelledBy()).isSameAs(queue);
        assertThat(queue.isDeleted()).isTrue();
        assertThat(queue.consumerCount()).isZero();
        assertThat(queue.unackedCount()).isZero();
        queue.enqueue(Messages.message("q"));
        assertThat(queue.messageCount()).isZero();
        assertFails(() -> queue.addConsumer(RecordingConsumer.unlimited("late")),
                ErrorCondition.NOT_FOUND, "no queue 'q' in vhost '/'");
    }

    @Test
    void deleteIfEmptyRefusesAQueueWithReadyMessages() {
        publish("1");
        assertFails(() -> queue.delete(false, true), ErrorCondition.PRECONDITION_FAILED,
                "queue 'q' in vhost '/' not empty");
        assertThat(queue.isDeleted()).isFalse();
    }

    @Test
    void deleteIfUnusedRefusesAQueueWithConsumers() {
        queue.addConsumer(RecordingConsumer.unlimited("c"));
        assertFails(() -> queue.delete(true, false), ErrorCondition.PRECONDITION_FAILED,
                "queue 'q' in vhost '/' in use");
    }

    @Test
    void autoDeleteQueueTellsItsHookWhenTheLastConsumerGoes() {
        List<Queue> told = new ArrayList<>();
        ClassicQueue autoDelete = new ClassicQueue("ad", "/", new QueueSettings(false, false, true, Map.of()), null,
                told::add);
        RecordingConsumer a = RecordingConsumer.unlimited("a");
        RecordingConsumer b = RecordingConsumer.unlimited("b");
        autoDelete.addConsumer(a);
        autoDelete.addConsumer(b);
        autoDelete.removeConsumer(a);
        assertThat(told).isEmpty();
        autoDelete.removeConsumer(b);
        assertThat(told).containsExactly(autoDelete);
        assertThat(autoDelete.removeConsumer(b)).isFalse();
        assertThat(told).hasSize(1);
    }

    @Test
    void deliveriesLeaveReadyInOrderAcrossManyMessages() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            publish(Integer.toString(i));
            expected.add(Integer.toString(i));
        }
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        assertThat(bodies(consumer)).containsExactlyElementsOf(expected);
        Message any = consumer.deliveries().get(5000).message();
        assertThat(Messages.body(any)).isEqualTo("5000");
    }
}
