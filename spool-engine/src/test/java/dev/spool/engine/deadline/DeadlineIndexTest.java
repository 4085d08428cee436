package dev.spool.engine.deadline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineIndexTest {

    @Test
    void dueIdsLeaveInDeadlineOrderThenIdOrder() {
        DeadlineIndex index = new DeadlineIndex();
        index.schedule(5, 300);
        index.schedule(1, 100);
        index.schedule(4, 200);
        index.schedule(2, 200);
        index.schedule(3, 900);

        assertThat(index.nextDeadline()).isEqualTo(100);
        assertThat(drainDue(index, 250)).containsExactly(1L, 2L, 4L);
        assertThat(index.pollDue(250)).isEqualTo(DeadlineIndex.NONE);
        assertThat(index.nextDeadline()).isEqualTo(300);
        assertThat(drainDue(index, 1_000)).containsExactly(5L, 3L);
        assertThat(index.nextDeadline()).isEqualTo(DeadlineIndex.NEVER);
    }

    @Test
    void anEntryFarFromTheHeadIsFoundAsSoonAsItIsDue() {
        DeadlineIndex index = new DeadlineIndex();
        for (long id = 1; id <= 10_000; id++) {
            index.schedule(id, 1_000_000 + id);
        }
        index.schedule(7_777, 50);

        assertThat(index.nextDeadline()).isEqualTo(50);
        assertThat(index.pollDue(60)).isEqualTo(7_777);
        assertThat(index.pollDue(60)).isEqualTo(DeadlineIndex.NONE);
    }

    @Test
    void cancelReturnsTheDeadlineAndForgetsTheId() {
        DeadlineIndex index = new DeadlineIndex();
        index.schedule(1, 10);
        index.schedule(2, 20);

        assertThat(index.cancel(1)).isEqualTo(10);
        assertThat(index.cancel(1)).isEqualTo(DeadlineIndex.NONE);
        assertThat(index.contains(1)).isFalse();
        assertThat(index.peekId()).isEqualTo(2);
    }

    @Test
    void schedulingAnIdAgainMovesItInsteadOfAddingASecondEntry() {
        DeadlineIndex index = new DeadlineIndex();
        index.schedule(1, 10);
        index.schedule(2, 20);
        index.schedule(1, 30);

        assertThat(index.size()).isEqualTo(2);
        assertThat(index.deadlineOf(1)).isEqualTo(30);
        assertThat(drainDue(index, 100)).containsExactly(2L, 1L);
    }

    @ParameterizedTest
    @ValueSource(longs = {3L, 11L, 2024L})
    void agreesWithASortedSetUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DeadlineIndex index = new DeadlineIndex();
        TreeSet<long[]> reference = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        Map<Long, Long> deadlines = new HashMap<>();
        long now = 0;
        for (int op = 0; op < 50_000; op++) {
            int kind = random.nextInt(10);
            long id = random.nextInt(3_000);
            if (kind < 5) {
                long deadline = now + random.nextInt(5_000);
                Long old = deadlines.put(id, deadline);
                if (old != null) {
                    reference.remove(new long[] {old, id});
                }
                reference.add(new long[] {deadline, id});
                index.schedule(id, deadline);
            } else if (kind < 7) {
                Long old = deadlines.remove(id);
                if (old != null) {
                    reference.remove(new long[] {old, id});
                }
                assertThat(index.cancel(id)).isEqualTo(old == null ? DeadlineIndex.NONE : old);
            } else {
                now += random.nextInt(200);
                long polled = index.pollDue(now);
                long[] first = reference.isEmpty() ? null : reference.first();
                if (first == null || first[0] > now) {
                    assertThat(polled).isEqualTo(DeadlineIndex.NONE);
                } else {
                    assertThat(polled).isEqualTo(first[1]);
                    reference.pollFirst();
                    deadlines.remove(first[1]);
                }
            }
            assertThat(index.size()).isEqualTo(reference.size());
            assertThat(index.nextDeadline()).isEqualTo(reference.isEmpty() ? DeadlineIndex.NEVER
                    : reference.first()[0]);
        }
    }

    private static List<Long> drainDue(DeadlineIndex index, long now) {
        List<Long> out = new ArrayList<>();
        long id;
        while ((id = index.pollDue(now)) != DeadlineIndex.NONE) {
            out.add(id);
        }
        return out;
    }
}
