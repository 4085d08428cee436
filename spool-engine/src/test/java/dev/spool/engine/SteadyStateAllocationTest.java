package dev.spool.engine;

import dev.spool.engine.deadline.DeadlineIndex;
import dev.spool.engine.dedup.DeduplicationCache;
import dev.spool.engine.delay.DelaySchedule;
import dev.spool.engine.expiry.ExpiryIndex;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-message operations of the queue-feature indexes allocate nothing once warmed up: each test runs a
 * steady-state cycle (the structure neither grows nor shrinks) and measures the bytes this thread allocated.
 */
class SteadyStateAllocationTest {
    private static final int ROUNDS = 200_000;
    /** Slack for the measurement itself and any one-off JIT artefact; a per-operation allocation would be megabytes. */
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
    void deadlineIndexAndExpiryIndexScheduleAndPollWithoutAllocating() {
        DeadlineIndex index = new DeadlineIndex();
        ExpiryIndex expiry = new ExpiryIndex();
        Runnable cycle = new Runnable() {
            long next;

            @Override
            public void run() {
                for (int i = 0; i < ROUNDS; i++) {
                    long id = next++;
                    index.schedule(id, id + 1_000);
                    index.pollDue(id);
                    expiry.track(id, id + 500);
                    expiry.untrack(id - 200);
                    expiry.pollExpired(id);
                }
            }
        };
        assertThat(allocatedBy(cycle)).isLessThan(SLACK_BYTES);
    }

    @Test
    void delayScheduleSchedulesAndPollsWithoutAllocating() {
        DelaySchedule schedule = new DelaySchedule(100_000, visitor -> { });
        Runnable cycle = new Runnable() {
            long next;

            @Override
            public void run() {
                for (int i = 0; i < ROUNDS; i++) {
                    long id = next++;
                    schedule.schedule(id + 5_000, id);
                    schedule.pollDue(id);
                }
            }
        };
        assertThat(allocatedBy(cycle)).isLessThan(SLACK_BYTES);
    }

    @Test
    void aFullDeduplicationWindowChecksHitsAndEvictsWithoutAllocating() {
        DeduplicationCache cache = new DeduplicationCache(1_000);
        String[] keys = new String[4_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "order-" + i;
            keys[i].hashCode();
        }
        Runnable cycle = () -> {
            for (int i = 0; i < ROUNDS; i++) {
                cache.checkAndRemember(keys[i % keys.length], i, 10_000);
                cache.checkAndRemember(keys[(i * 7) % keys.length], i, 10_000);
            }
        };
        assertThat(allocatedBy(cycle)).isLessThan(SLACK_BYTES);
    }

    /** Runs {@code cycle} twice to warm up, then measures a third run. */
    private static long allocatedBy(Runnable cycle) {
        cycle.run();
        cycle.run();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        cycle.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }
}
