package dev.spool.engine.delay;

import dev.spool.engine.ManualTime;
import dev.spool.engine.Messages;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delayed exchange and per-queue delay in a virtual host kept in memory (no message log, no front end): messages
 * are held on the heap, leave in due order, and spilling the schedule past its memory limit loses none.
 */
class DelayedMessageExchangeTest {
    private final ManualTime time = new ManualTime(1_000_000);
    private final VirtualHost vhost = new VirtualHost("/", time);
    private final PublishScratch scratch = new PublishScratch(null);

    private Queue delayedDirectWithQueue(String name) {
        vhost.declareExchange("later", DelayedExchangeArguments.TYPE, false, false, false, false,
                Map.of(DelayedExchangeArguments.DELAYED_TYPE, "direct"));
        vhost.declareQueue(name, false, new QueueSettings(false, false, false, Map.of()), "c");
        vhost.bindQueue(name, "later", name, Map.of(), "c");
        return vhost.findQueue(name);
    }

    private void publish(String routingKey, long delay, String body) {
        vhost.publish("later", Messages.message("later", routingKey, Map.of("x-delay", delay), List.of(), body),
                scratch, 0);
        scratch.routed().clear();
    }

    private String next(Queue queue) {
        GetResult result = queue.get(true);
        return result == null ? null : Messages.body(result.message());
    }

    @Test
    void heldMessagesLeaveInDueOrderAndSameMillisecondOnesInPublishOrder() {
        Queue queue = delayedDirectWithQueue("q");
        publish("q", 3_000, "c");
        publish("q", 1_000, "a1");
        publish("q", 1_000, "a2");
        publish("q", 2_000, "b");

        assertThat(queue.messageCount()).isZero();
        time.advance(1_000);
        assertThat(next(queue)).isEqualTo("a1");
        assertThat(next(queue)).isEqualTo("a2");
        assertThat(next(queue)).isNull();
        time.advance(5_000);
        assertThat(next(queue)).isEqualTo("b");
        assertThat(next(queue)).isEqualTo("c");
    }

    @Test
    void moreWaitingMessagesThanTheScheduleKeepsInMemoryAllLeaveInOrder() {
        Queue queue = delayedDirectWithQueue("many");
        int count = 2 * DelayedMessages.MEMORY_LIMIT + 5_000;
        for (int i = 0; i < count; i++) {
            publish("many", 1_000 + (count - i), "m" + i); // the last published is due first
        }
        DelayedMessages waiting = ((DelayedMessageExchange) vhost.findExchange("later")).waiting();
        assertThat(waiting.count()).isEqualTo(count);
        assertThat(waiting.scheduledInMemory()).isLessThanOrEqualTo(2 * DelayedMessages.MEMORY_LIMIT);

        time.advance(1_000 + count);

        assertThat(queue.messageCount()).isEqualTo(count);
        for (int i = count - 1; i >= 0; i--) {
            assertThat(next(queue)).isEqualTo("m" + i);
        }
        assertThat(waiting.count()).isZero();
    }

    @Test
    void aMessageToAQueueWithADelayWaitsThenBecomesReady() {
        vhost.declareQueue("cool", false, new QueueSettings(false, false, false, Map.of("x-delay", 500)), "c");
        ClassicQueue queue = (ClassicQueue) vhost.findQueue("cool");

        vhost.publish("", Messages.message("cool", "x"), scratch, 0);

        assertThat(queue.messageCount()).isZero();
        assertThat(queue.waitingCount()).isEqualTo(1);
        time.advance(499);
        assertThat(queue.messageCount()).isZero();
        time.advance(1);
        assertThat(queue.waitingCount()).isZero();
        assertThat(next(queue)).isEqualTo("x");
    }

    @Test
    void deletingTheExchangeDropsWhatItHolds() {
        Queue queue = delayedDirectWithQueue("q");
        publish("q", 1_000, "gone");

        vhost.deleteExchange("later", false);
        time.advance(1_000);

        assertThat(queue.messageCount()).isZero();
    }
}
