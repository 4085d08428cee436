package dev.spool.engine.delay;

import dev.spool.engine.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DelayScheduleTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final DelayLog log = new DelayLog();
    private long nextId = 1;

    @Test
    void messagesWithDifferentDelaysLeaveByDueTimeWhateverOrderTheyArrivedIn() {
        DelaySchedule schedule = new DelaySchedule(100, log);
        long a = publish(schedule, 5_000);
        long b = publish(schedule, 1_000);
        long c = publish(schedule, 3_000);
        clock.advance(500);
        long d = publish(schedule, 500);

        assertThat(schedule.nextDue()).isEqualTo(clock.millis() + 500);
        clock.advance(500);
        assertThat(due(schedule)).containsExactly(b, d);
        clock.advance(2_000);
        assertThat(due(schedule)).containsExactly(c);
        clock.advance(2_000);
        assertThat(due(schedule)).containsExactly(a);
        assertThat(schedule.nextDue()).isEqualTo(DelaySchedule.NEVER);
    }

    @Test
    void messagesDueAtTheSameMillisecondLeaveInArrivalOrder() {
        DelaySchedule schedule = new DelaySchedule(2, log);
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            published.add(publish(schedule, 1_000));
        }
        clock.advance(1_000);

        assertThat(due(schedule)).containsExactlyElementsOf(published);
    }

    @Test
    void aDelayOfAnyLengthIsKeptWithoutAHorizon() {
        DelaySchedule schedule = new DelaySchedule(10, log);
        long farFuture = publish(schedule, 1L << 40);
        long soon = publish(schedule, 10);

        clock.advance(10);
        assertThat(due(schedule)).containsExactly(soon);
        assertThat(schedule.nextDue()).isEqualTo(1_000_000 + (1L << 40));
        clock.advance(1L << 40);
        assertThat(due(schedule)).containsExactly(farFuture);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 8L, 77L})
    void withASmallMemoryLimitEntriesSpillAndStillLeaveInExactOrder(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int limit = 1 + random.nextInt(50);
        DelaySchedule schedule = new DelaySchedule(limit, log);
        TreeMap<long[], Long> reference = new TreeMap<>(Comparator.<long[]>comparingLong(k -> k[0])
                .thenComparingLong(k -> k[1]));
        List<Long> expected = new ArrayList<>();
        List<Long> actual = new ArrayList<>();
        for (int op = 0; op < 20_000; op++) {
            if (random.nextInt(3) > 0) {
                long delay = random.nextInt(10) == 0 ? random.nextInt(1_000_000) : random.nextInt(5_000);
                long id = publish(schedule, delay);
                reference.put(new long[] {clock.millis() + delay, id}, id);
            } else {
                clock.advance(random.nextInt(300));
                while (!reference.isEmpty() && reference.firstKey()[0] <= clock.millis()) {
                    expected.add(reference.pollFirstEntry().getValue());
                }
                actual.addAll(due(schedule));
            }
            assertThat(schedule.inMemory()).isLessThanOrEqualTo(2 * limit);
            assertThat(schedule.size()).isEqualTo(reference.size());
        }
        clock.advance(2_000_000);
        expected.addAll(reference.values());
        actual.addAll(due(schedule));
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(log.scans).as("the store was re-read to refill").isPositive();
    }

    @Test
    void afterARestartTheScheduleIsRebuiltFromTheStoreAndOverdueEntriesAreDueAtOnce() {
        DelaySchedule before = new DelaySchedule(3, log);
        long late = publish(before, 60_000);
        long overdue = publish(before, 100);
        long middle = publish(before, 30_000);
        for (int i = 0; i < 10; i++) {
            publish(before, 90_000 + i);
        }
        clock.advance(45_000);

        DelaySchedule after = new DelaySchedule(3, log);
        after.recover();

        assertThat(after.size()).isEqualTo(13);
        assertThat(due(after)).containsExactly(overdue, middle);
        clock.advance(15_000);
        assertThat(due(after)).containsExactly(late);
        clock.advance(100_000);
        assertThat(due(after)).hasSize(10);
        assertThat(after.size()).isZero();
    }

    private long publish(DelaySchedule schedule, long delay) {
        long id = nextId++;
        long dueAt = clock.millis() + delay;
        log.entries.put(id, dueAt);
        schedule.schedule(dueAt, id);
        return id;
    }

    /** Polls everything due; like the exchange, deletes each from the log once routed. */
    private List<Long> due(DelaySchedule schedule) {
        List<Long> out = new ArrayList<>();
        long id;
        while ((id = schedule.pollDue(clock.millis())) != DelaySchedule.NONE) {
            out.add(id);
            log.entries.remove(id);
        }
        return out;
    }

    /** A stand-in for the store's delay log: id to due time, scanned in an arbitrary (hash) order. */
    private static final class DelayLog implements DelaySchedule.Entries {
        final HashMap<Long, Long> entries = new HashMap<>();
        int scans;

        @Override
        public void scan(DelaySchedule.EntryVisitor visitor) {
            scans++;
            for (Map.Entry<Long, Long> entry : entries.entrySet()) {
                visitor.entry(entry.getValue(), entry.getKey());
            }
        }
    }
}
