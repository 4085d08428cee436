package dev.spool.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.engine.ManualClock;
import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a classic queue counts and times for management, and its browse and delete-one operations. */
class QueueStatsTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final ClassicQueue queue = new ClassicQueue("q", "/", new QueueSettings(false, false, false, Map.of()),
            null, null, clock);

    private static Message publishedAt(long millis, String body) {
        return new Message("", "q", new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of(), false,
                0, millis);
    }

    @Test
    void countsPublishesDeliveriesGetsAcksAndRedeliveries() {
        for (int i = 0; i < 4; i++) {
            queue.enqueue(Messages.message("q", "m" + i));
        }
        RecordingConsumer consumer = new RecordingConsumer("c", 2);
        queue.addConsumer(consumer);
        queue.ack(consumer.deliveries().get(0).entryId());
        queue.requeue(consumer.deliveries().get(1).entryId());
        GetResult got = queue.get(true);

        QueueStats stats = queue.stats();
        assertThat(stats.get(QueueStats.PUBLISHED)).isEqualTo(4);
        assertThat(stats.get(QueueStats.DELIVERED)).isEqualTo(2);
        assertThat(stats.get(QueueStats.REDELIVERED)).isEqualTo(1); // the consumer is out of credit: get took it
        assertThat(stats.get(QueueStats.ACKNOWLEDGED)).isEqualTo(1);
        assertThat(stats.get(QueueStats.GET_NO_ACK)).isEqualTo(1);
        assertThat(got.redelivered()).isTrue();
    }

    @Test
    void oldestReadyIsThePublishTimeOfTheNextMessageToGoOut() {
        assertThat(queue.stats().oldestReadyPublishedAt()).isZero();
        queue.enqueue(publishedAt(500, "a"));
        queue.enqueue(publishedAt(700, "b"));
        assertThat(queue.stats().oldestReadyPublishedAt()).isEqualTo(500);

        queue.get(true);

        assertThat(queue.stats().oldestReadyPublishedAt()).isEqualTo(700);
        queue.purge();
        assertThat(queue.stats().oldestReadyPublishedAt()).isZero();
    }

    @Test
    void oldestUnackedFollowsTheOldestDeliveryStillOutstanding() {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(Messages.message("q", "m" + i));
        }
        GetResult first = queue.get(false);
        clock.advance(100);
        GetResult second = queue.get(false);
        clock.advance(100);
        GetResult third = queue.get(false);
        assertThat(queue.stats().oldestUnackedDeliveredAt()).isEqualTo(1_000_000);

        queue.ack(second.entryId()); // out of order: the oldest is still the first
        assertThat(queue.stats().oldestUnackedDeliveredAt()).isEqualTo(1_000_000);
        queue.ack(first.entryId()); // pops the first and the already settled second
        assertThat(queue.stats().oldestUnackedDeliveredAt()).isEqualTo(1_000_200);
        queue.discard(third.entryId());
        assertThat(queue.stats().oldestUnackedDeliveredAt()).isZero();
    }

    @Test
    void saturationAccumulatesOnlyWhileMessagesWaitForConsumersOutOfCredit() {
        RecordingConsumer consumer = new RecordingConsumer("c", 1);
        queue.addConsumer(consumer);
        queue.enqueue(Messages.message("q", "taken"));
        clock.advance(50);
        assertThat(queue.stats().saturatedMillis(clock.millis())).isZero();

        queue.enqueue(Messages.message("q", "waits"));
        clock.advance(200);
        assertThat(queue.stats().saturatedMillis(clock.millis())).isEqualTo(200);

        consumer.grant(1);
        queue.dispatch();
        clock.advance(300);
        assertThat(queue.stats().saturatedMillis(clock.millis())).isEqualTo(200);
    }

    @Test
    void peekCopiesReadyMessagesInDeliveryOrderWithoutTakingThem() {
        for (int i = 0; i < 4; i++) {
            queue.enqueue(Messages.message("q", "m" + i));
        }
        GetResult first = queue.get(false);
        queue.requeue(first.entryId());

        List<QueuedMessage> peeked = queue.peek(3);

        assertThat(peeked).extracting(m -> Messages.body(m.message())).containsExactly("m0", "m1", "m2");
        assertThat(peeked.get(0).redelivered()).isTrue();
        assertThat(peeked.get(1).redelivered()).isFalse();
        assertThat(queue.messageCount()).isEqualTo(4);
    }

    @Test
    void peekListsManyRequeuedEntriesInIdOrderWhateverOrderTheyCameBackIn() {
        for (int i = 0; i < 8; i++) {
            queue.enqueue(Messages.message("q", "m" + i));
        }
        long[] taken = new long[6];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = queue.get(false).entryId();
        }
        for (int i : new int[] {4, 1, 5, 0, 3, 2}) {
            queue.requeue(taken[i]);
        }

        List<QueuedMessage> peeked = queue.peek(7);

        assertThat(peeked).extracting(m -> Messages.body(m.message()))
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(peeked).extracting(QueuedMessage::entryId).isSorted();
    }

    @Test
    void removeReadyDropsOneMessageByIdFromEitherPart() {
        for (int i = 0; i < 4; i++) {
            queue.enqueue(Messages.message("q", "m" + i));
        }
        GetResult first = queue.get(false);
        queue.requeue(first.entryId());
        List<QueuedMessage> all = queue.peek(10);

        assertThat(queue.removeReady(all.get(2).entryId())).isTrue();
        assertThat(queue.removeReady(all.get(0).entryId())).isTrue();
        assertThat(queue.removeReady(all.get(0).entryId())).isFalse();

        assertThat(queue.peek(10)).extracting(m -> Messages.body(m.message())).containsExactly("m1", "m3");
        assertThat(queue.messageCount()).isEqualTo(2);
    }
}
