package dev.spool.engine.queue;

import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnackedEntriesTest {

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20240601L, -7L})
    void behavesLikeHashMapUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        UnackedEntries map = new UnackedEntries();
        Map<Long, Long> reference = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            // mostly a small id range so that removes and overwrites hit, sometimes anywhere
            long id = random.nextInt(10) == 0 ? 1 + (random.nextLong() >>> 2) : 1 + random.nextInt(2_000);
            int kind = random.nextInt(10);
            if (kind < 5) {
                map.put(id, op, op % 7, null);
                reference.put(id, (long) op);
            } else if (kind < 8) {
                Long expected = reference.remove(id);
                assertThat(map.remove(id)).isEqualTo(expected != null);
                if (expected != null) {
                    assertThat(map.removedRef()).isEqualTo(expected);
                    assertThat(map.removedDeliveries()).isEqualTo((int) (expected % 7));
                }
            } else {
                assertThat(map.contains(id)).isEqualTo(reference.containsKey(id));
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        assertThat(Arrays.stream(map.ids()).boxed().toList()).containsExactlyInAnyOrderElementsOf(reference.keySet());
    }

    @Test
    void sequentialIdsDeliveredAndAckedOutOfOrderStayConsistent() {
        // the queue's pattern: ids put in order, removed in a scrambled order, map grows and shrinks
        SplittableRandom random = new SplittableRandom(3);
        UnackedEntries map = new UnackedEntries();
        Map<Long, Long> reference = new HashMap<>();
        long next = 1;
        for (int round = 0; round < 50; round++) {
            int burst = random.nextInt(5_000);
            for (int i = 0; i < burst; i++) {
                map.put(next, next * 10, 1, null);
                reference.put(next, next * 10);
                next++;
            }
            Long[] ids = reference.keySet().toArray(new Long[0]);
            for (Long id : ids) {
                if (random.nextBoolean()) {
                    assertThat(map.remove(id)).isTrue();
                    assertThat(map.removedRef()).isEqualTo(reference.remove(id));
                }
            }
            assertThat(map.size()).isEqualTo(reference.size());
            for (Long id : reference.keySet()) {
                assertThat(map.contains(id)).isTrue();
            }
        }
    }

    @Test
    void removedMessageIsHandedOutOnce() {
        UnackedEntries map = new UnackedEntries();
        Message message = Messages.message("k");
        map.put(5, -1, 1, message);

        assertThat(map.remove(6)).isFalse();
        assertThat(map.remove(5)).isTrue();
        assertThat(map.removedMessage()).isSameAs(message);
        assertThat(map.removedMessage()).isNull();
        assertThat(map.remove(5)).isFalse();
        assertThat(map.isEmpty()).isTrue();
    }

    @Test
    void nonPositiveIdsAreRejected() {
        assertThatThrownBy(() -> new UnackedEntries().put(0, 1, 1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearEmptiesTheMap() {
        UnackedEntries map = new UnackedEntries();
        for (int i = 1; i <= 1000; i++) {
            map.put(i, i, 1, null);
        }
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.contains(10)).isFalse();
        map.put(10, 3, 1, null);
        assertThat(map.contains(10)).isTrue();
    }
}
