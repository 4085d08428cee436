package dev.spool.engine.queue;

import dev.spool.engine.ManualTime;
import dev.spool.engine.Messages;
import dev.spool.engine.deadletter.DeadLetter;
import dev.spool.engine.message.Message;
import dev.spool.store.format.LogPosition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue features wired into a classic queue kept in memory, on a test clock; no dead letter exchange. */
class QueueFeaturesTest {
    private final ManualTime time = new ManualTime(1_000_000L);
    private final List<ClassicQueue> expired = new ArrayList<>();

    private ClassicQueue queue(Map<String, Object> arguments) {
        ClassicQueue queue = new ClassicQueue(0, "q", "/", new QueueSettings(false, false, false, arguments), null,
                null, MessageMemory.unlimited(), null, time);
        queue.connect(new QueueHost() {
            @Override
            public void publishDeadLetter(Message message, DeadLetter letter) {
                throw new AssertionError("no dead letter exchange here");
            }

            @Override
            public void queueExpired(ClassicQueue q) {
                if (q.deleteIfExpired()) {
                    expired.add(q);
                }
            }
        });
        return queue;
    }

    private static Message withTtl(String body, long ttl) {
        return new Message("", "q", new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of(), false, 0,
                0L, null, ttl, false);
    }

    @Test
    void messagesExpireWhereverTheySitAndOneTimerIsArmed() {
        ClassicQueue queue = queue(Map.of());
        queue.enqueue(withTtl("long", 10_000));
        queue.enqueue(withTtl("short", 100));
        queue.enqueue(Messages.message("q", "forever"));

        assertThat(time.dueTimes()).containsExactly(1_000_100L);
        time.advance(100);

        assertThat(queue.messageCount()).isEqualTo(2);
        assertThat(time.dueTimes()).containsExactly(1_010_000L);
        assertThat(Messages.body(queue.get(true).message())).isEqualTo("long");
    }

    @Test
    void afterItRanTheTimerWaitsATickSoExpiriesOneMillisecondApartShareAWakeUp() {
        ClassicQueue queue = queue(Map.of());
        queue.enqueue(withTtl("first", 100));
        queue.enqueue(withTtl("second", 101));

        time.advance(100);

        assertThat(queue.messageCount()).isEqualTo(1);
        assertThat(time.dueTimes()).containsExactly(1_000_110L);
        time.advance(1);
        assertThat(queue.messageCount()).as("the timer waits for its tick").isEqualTo(1);
        assertThat(queue.get(true)).as("drained before delivery, timer or not").isNull();
    }

    @Test
    void aQueueWithoutFeaturesArmsNoTimer() {
        ClassicQueue queue = queue(Map.of());
        for (int i = 0; i < 10; i++) {
            queue.enqueue(Messages.message("q", "m" + i));
        }
        assertThat(time.pending()).isZero();
    }

    @Test
    void ttlZeroIsDeliveredToAConsumerWithCreditAndDroppedOtherwise() {
        ClassicQueue queue = queue(Map.of());
        queue.enqueue(withTtl("dropped", 0));
        assertThat(queue.messageCount()).isZero();

        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        queue.enqueue(withTtl("delivered", 0));

        assertThat(consumer.deliveries()).extracting(d -> Messages.body(d.message())).containsExactly("delivered");
    }

    @Test
    void requeuedMessagesKeepTheirExpiry() {
        ClassicQueue queue = queue(Map.of("x-message-ttl", 500L));
        queue.enqueue(Messages.message("q", "m"));
        GetResult got = queue.get(false);
        time.advance(1_000);
        assertThat(queue.unackedCount()).isEqualTo(1);

        queue.requeue(got.entryId());

        assertThat(queue.messageCount()).isZero();
        assertThat(queue.get(true)).isNull();
    }

    @Test
    void dropHeadKeepsTheNewestAndRejectPublishRefuses() {
        ClassicQueue dropHead = queue(Map.of("x-max-length", 2L));
        ClassicQueue reject = queue(Map.of("x-max-length", 2L, "x-overflow", "reject-publish"));
        List<Boolean> accepted = new ArrayList<>();
        for (String body : List.of("a", "b", "c")) {
            dropHead.enqueue(Messages.message("q", body));
            accepted.add(reject.offer(Messages.message("q", body), LogPosition.NONE));
        }

        assertThat(accepted).containsExactly(true, true, false);
        assertThat(Messages.body(dropHead.get(true).message())).isEqualTo("b");
        assertThat(reject.messageCount()).isEqualTo(2);
    }

    @Test
    void byteLimitCountsReadyBodiesOnly() {
        ClassicQueue queue = queue(Map.of("x-max-length-bytes", 4L, "x-overflow", "reject-publish"));
        assertThat(queue.offer(Messages.message("q", "abcd"), LogPosition.NONE)).isTrue();
        assertThat(queue.offer(Messages.message("q", "e"), LogPosition.NONE)).isFalse();
        GetResult got = queue.get(false);

        assertThat(queue.offer(Messages.message("q", "efgh"), LogPosition.NONE)).as("unacked bytes do not count").isTrue();
        queue.requeue(got.entryId());
        assertThat(queue.offer(Messages.message("q", "i"), LogPosition.NONE)).isFalse();
    }

    @Test
    void overTheDeliveryLimitARequeueDropsTheMessage() {
        ClassicQueue queue = queue(Map.of("x-delivery-limit", 1L));
        queue.enqueue(Messages.message("q", "poison"));

        queue.requeue(queue.get(false).entryId());
        assertThat(queue.messageCount()).as("1 failed delivery, limit 1").isEqualTo(1);
        queue.requeue(queue.get(false).entryId());

        assertThat(queue.messageCount()).isZero();
        assertThat(queue.unackedCount()).isZero();
    }

    @Test
    void anUnusedQueueExpiresAndAGetRestartsTheCountdown() {
        ClassicQueue queue = queue(Map.of("x-expires", 1_000L));
        time.advance(900);
        queue.get(true);
        time.advance(900);
        assertThat(expired).isEmpty();

        time.advance(100);

        assertThat(expired).containsExactly(queue);
        assertThat(queue.isDeleted()).isTrue();
    }

    @Test
    void aLoweredLimitFromAPolicyIsEnforcedAtOnce() {
        ClassicQueue queue = queue(Map.of());
        for (String body : List.of("a", "b", "c")) {
            queue.enqueue(Messages.message("q", body));
        }

        queue.applySettings(dev.spool.engine.policy.EffectiveQueueSettings.resolve(Map.of("x-max-length", 1L), null,
                null, dev.spool.engine.policy.EffectiveQueueSettings.NONE));

        assertThat(queue.messageCount()).isEqualTo(1);
        assertThat(Messages.body(queue.get(true).message())).isEqualTo("c");
    }
}
