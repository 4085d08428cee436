package dev.spool.engine.queue;

import dev.spool.engine.ManualTime;
import dev.spool.engine.deadletter.DeadLetter;
import dev.spool.engine.message.Message;
import dev.spool.store.format.LogPosition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue features together with per-queue delays and deduplication in a classic queue kept in memory, on a test
 * clock: waiting messages count towards the length limits, their TTL starts when they become ready, and a message a
 * length limit refuses is not remembered as a duplicate.
 */
class QueueFeaturesWithDelaysAndDeduplicationTest {
    private static final long NONE = LogPosition.NONE;

    private final ManualTime time = new ManualTime(1_000_000L);

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
                q.deleteIfExpired();
            }
        });
        return queue;
    }

    private static Message message(String body, String messageId, long ttl) {
        return new Message("", "q", new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of(), false, 0,
                0L, messageId, ttl, false);
    }

    private static List<String> drain(ClassicQueue queue) {
        List<String> bodies = new ArrayList<>();
        GetResult result;
        while ((result = queue.get(true)) != null) {
            bodies.add(new String(result.message().body(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    @Test
    void waitingMessagesCountTowardsTheLengthLimit() {
        ClassicQueue queue = queue(Map.of("x-delay", 1_000, "x-max-length", 2, "x-overflow", "reject-publish"));

        assertThat(queue.offer(message("a", null, Message.NO_TTL), NONE)).isTrue();
        assertThat(queue.offer(message("b", null, Message.NO_TTL), NONE)).isTrue();
        assertThat(queue.offer(message("c", null, Message.NO_TTL), NONE)).as("two wait already").isFalse();
        assertThat(queue.waitingCount()).isEqualTo(2);

        time.advance(1_000);
        assertThat(queue.messageCount()).isEqualTo(2);
        assertThat(queue.offer(message("d", null, Message.NO_TTL), NONE)).as("two are ready now").isFalse();
        assertThat(drain(queue)).containsExactly("a", "b");
    }

    @Test
    void waitingBodiesCountTowardsTheByteLimit() {
        ClassicQueue queue = queue(Map.of("x-delay", 1_000, "x-max-length-bytes", 5, "x-overflow",
                "reject-publish"));

        assertThat(queue.offer(message("abc", null, Message.NO_TTL), NONE)).isTrue();
        assertThat(queue.offer(message("def", null, Message.NO_TTL), NONE)).isFalse();
        assertThat(queue.offer(message("de", null, Message.NO_TTL), NONE)).isTrue();
    }

    @Test
    void theTtlOfAWaitingMessageStartsWhenItBecomesReady() {
        ClassicQueue queue = queue(Map.of("x-delay", 1_000, "x-message-ttl", 500));
        queue.enqueue(message("queue ttl", null, Message.NO_TTL));
        queue.enqueue(message("own ttl", null, 200));

        time.advance(1_000);
        assertThat(queue.messageCount()).as("ready now, not expired").isEqualTo(2);
        time.advance(200);
        assertThat(queue.messageCount()).as("its own TTL ran out 200 ms after it was ready").isEqualTo(1);
        time.advance(300);
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void aWaitingMessageWithTtlZeroReachesAConsumerWithCreditWhenReadyAndExpiresOtherwise() {
        ClassicQueue queue = queue(Map.of("x-delay", 1_000));
        queue.enqueue(message("dropped", null, 0));
        time.advance(1_000);
        assertThat(queue.messageCount()).isZero();

        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        queue.addConsumer(consumer);
        queue.enqueue(message("delivered", null, 0));
        time.advance(1_000);

        assertThat(consumer.deliveries()).extracting(d -> new String(d.message().body(), StandardCharsets.UTF_8))
                .containsExactly("delivered");
    }

    @Test
    void dropHeadCountsWaitingMessagesButDropsOnlyReadyOnes() {
        ClassicQueue queue = queue(Map.of("x-delay", 1_000, "x-max-length", 2));
        queue.enqueue(message("a", null, Message.NO_TTL));
        queue.enqueue(message("b", null, Message.NO_TTL));
        time.advance(1_000);
        queue.enqueue(message("c", null, Message.NO_TTL));

        assertThat(queue.waitingCount()).isEqualTo(1);
        assertThat(queue.messageCount()).as("a dropped: c waits and counts").isEqualTo(1);
        time.advance(1_000);
        assertThat(drain(queue)).containsExactly("b", "c");
    }

    @Test
    void aMessageRefusedByTheLengthLimitIsNotADuplicateLater() {
        ClassicQueue queue = queue(Map.of("x-message-deduplication", true, "x-max-length", 1, "x-overflow",
                "reject-publish"));
        assertThat(queue.offer(message("first", "1", Message.NO_TTL), NONE)).isTrue();
        assertThat(queue.offer(message("first again", "1", Message.NO_TTL), NONE)).as("a duplicate is taken")
                .isTrue();
        assertThat(queue.offer(message("second", "2", Message.NO_TTL), NONE)).as("refused: full").isFalse();
        assertThat(drain(queue)).containsExactly("first");

        assertThat(queue.offer(message("second, retried", "2", Message.NO_TTL), NONE)).isTrue();
        assertThat(drain(queue)).containsExactly("second, retried");
        assertThat(queue.deduplication().hits()).isEqualTo(1);
    }
}
