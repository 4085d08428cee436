package dev.spool.engine.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongObjectMapTest {

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20240601L, -7L})
    void behavesLikeHashMapUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LongObjectMap<String> map = new LongObjectMap<>();
        Map<Long, String> reference = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            // mostly a small key range so that removes and overwrites hit, sometimes anywhere
            long key = random.nextInt(10) == 0 ? random.nextLong() : random.nextInt(2_000);
            int kind = random.nextInt(10);
            if (kind < 5) {
                String value = "v" + op;
                assertThat(map.put(key, value)).isEqualTo(reference.put(key, value));
            } else if (kind < 8) {
                assertThat(map.remove(key)).isEqualTo(reference.remove(key));
            } else {
                assertThat(map.get(key)).isEqualTo(reference.get(key));
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<Long, String> entry : reference.entrySet()) {
            assertThat(map.get(entry.getKey())).isEqualTo(entry.getValue());
        }
        assertThat(Arrays.stream(map.keys()).boxed().toList()).containsExactlyInAnyOrderElementsOf(reference.keySet());
    }

    @Test
    void sequentialIdsDeliveredAndAckedOutOfOrderStayConsistent() {
        // the queue's pattern: ids put in order, removed in a scrambled order, map grows and shrinks
        SplittableRandom random = new SplittableRandom(3);
        LongObjectMap<Long> map = new LongObjectMap<>();
        Map<Long, Long> reference = new HashMap<>();
        long next = 1;
        for (int round = 0; round < 50; round++) {
            int burst = random.nextInt(5_000);
            for (int i = 0; i < burst; i++) {
                map.put(next, next);
                reference.put(next, next);
                next++;
            }
            Long[] keys = reference.keySet().toArray(new Long[0]);
            for (int i = 0; i < keys.length; i++) {
                if (random.nextBoolean()) {
                    assertThat(map.remove(keys[i])).isEqualTo(reference.remove(keys[i]));
                }
            }
            assertThat(map.size()).isEqualTo(reference.size());
            for (Long key : reference.keySet()) {
                assertThat(map.get(key)).isEqualTo(key);
            }
        }
    }

    @Test
    void removingAMissingKeyReturnsNull() {
        LongObjectMap<String> map = new LongObjectMap<>();
        map.put(5, "five");
        assertThat(map.remove(6)).isNull();
        assertThat(map.remove(5)).isEqualTo("five");
        assertThat(map.remove(5)).isNull();
        assertThat(map.isEmpty()).isTrue();
    }

    @Test
    void nullValuesAreRejected() {
        assertThatThrownBy(() -> new LongObjectMap<String>().put(1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearEmptiesTheMap() {
        LongObjectMap<String> map = new LongObjectMap<>();
        for (int i = 0; i < 1000; i++) {
            map.put(i, "x");
        }
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(10)).isNull();
        map.put(10, "y");
        assertThat(map.get(10)).isEqualTo("y");
    }
}
