package dev.spool.engine.dedup;

import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publish-time check of a window kept in memory allocates nothing once warmed up, whether the key comes from a
 * header or the message-id, is a hit or evicts another key.
 */
class DeduplicationWindowAllocationTest {
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

    @Test
    void inMemoryCheckAllocatesNothing() {
        DeduplicationWindow window = new DeduplicationLogs(null, () -> 0L).openQueue("q", 1, false,
                new DeduplicationSettings(true, 64, 5_000, DeduplicationKey.DEFAULT_HEADER));
        Message[] messages = new Message[100]; // more keys than the window holds: hits and evictions both
        for (int i = 0; i < messages.length; i++) {
            Map<String, Object> headers = i % 2 == 0 ? Map.of(DeduplicationKey.DEFAULT_HEADER, "k-" + i) : Map.of();
            messages[i] = new Message("", "q", new byte[0], new byte[0], headers, List.of(), false, 0, i,
                    i % 2 == 0 ? null : "id-" + i, Message.NO_TTL, false);
        }
        Runnable cycle = () -> {
            for (int i = 0; i < ROUNDS; i++) {
                window.isDuplicate(messages[i % messages.length]);
                window.isDuplicate(messages[(i * 7) % messages.length]);
            }
        };
        cycle.run();
        cycle.run();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        cycle.run();

        assertThat(threads.getThreadAllocatedBytes(thread) - before).isLessThan(SLACK_BYTES);
        assertThat(window.hits()).isPositive();
    }
}
