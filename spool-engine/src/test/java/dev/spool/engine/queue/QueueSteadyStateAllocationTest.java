package dev.spool.engine.queue;

import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publish, deliver and ack allocate nothing in a warmed-up plain queue, and nothing more in a priority queue: the
 * priority lanes add no per-message object. Each cycle keeps the queue's size steady and measures this thread.
 */
class QueueSteadyStateAllocationTest {
    private static final int ROUNDS = 200_000;
    private static final long SLACK_BYTES = 64 * 1024;

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void needsAllocationCounters() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    /** Takes every delivery and remembers only the last entry id. */
    private static final class LastEntry implements Consumer {
        long entryId;

        @Override
        public String tag() {
            return "last";
        }

        @Override
        public boolean noAck() {
            return false;
        }

        @Override
        public boolean exclusive() {
            return false;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public boolean tryAcquireCredit() {
            return true;
        }

        @Override
        public void deliver(Queue queue, long id, Message message, boolean redelivered) {
            entryId = id;
        }

        @Override
        public void cancelledByQueue(Queue queue) {
        }
    }

    private static long publishDeliverAck(Map<String, Object> arguments) {
        ClassicQueue queue = new ClassicQueue("q", "/", new QueueSettings(false, false, false, arguments), null,
                null);
        LastEntry consumer = new LastEntry();
        queue.addConsumer(consumer);
        Message[] messages = new Message[4];
        for (int p = 0; p < messages.length; p++) {
            messages[p] = new Message("", "q", new byte[0], new byte[16], Map.of(), List.of(), false, p * 3, 0L);
        }
        Runnable cycle = () -> {
            for (int i = 0; i < ROUNDS; i++) {
                queue.enqueue(messages[i & 3]);
                queue.ack(consumer.entryId);
            }
        };
        cycle.run();
        cycle.run();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        cycle.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void aPlainQueueAllocatesNothingPerMessage() {
        assertThat(publishDeliverAck(Map.of())).isLessThan(SLACK_BYTES);
    }

    @Test
    void aPriorityQueueAllocatesNothingPerMessage() {
        assertThat(publishDeliverAck(Map.of("x-max-priority", 10))).isLessThan(SLACK_BYTES);
    }

    @Test
    void aSingleActiveConsumerQueueAllocatesNothingPerMessage() {
        assertThat(publishDeliverAck(Map.of("x-single-active-consumer", true))).isLessThan(SLACK_BYTES);
    }
}
