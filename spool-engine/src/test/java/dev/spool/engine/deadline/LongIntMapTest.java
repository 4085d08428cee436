package dev.spool.engine.deadline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LongIntMapTest {

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 99L})
    void behavesLikeHashMapUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> reference = new HashMap<>();
        for (int op = 0; op < 100_000; op++) {
            long key = random.nextInt(10) == 0 ? random.nextLong() : random.nextInt(1_500);
            int kind = random.nextInt(10);
            if (kind < 5) {
                int value = random.nextInt();
                Integer previous = reference.put(key, value);
                assertThat(map.put(key, value)).isEqualTo(previous == null ? LongIntMap.MISSING : previous);
            } else if (kind < 8) {
                Integer previous = reference.remove(key);
                assertThat(map.remove(key)).isEqualTo(previous == null ? LongIntMap.MISSING : previous);
            } else {
                Integer value = reference.get(key);
                assertThat(map.get(key)).isEqualTo(value == null ? LongIntMap.MISSING : value);
                assertThat(map.containsKey(key)).isEqualTo(value != null);
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
    }

    @Test
    void zeroAndNegativeKeysAreOrdinaryKeys() {
        LongIntMap map = new LongIntMap();
        map.put(0L, 5);
        map.put(-1L, 6);
        map.put(Long.MIN_VALUE, 7);

        assertThat(map.get(0L)).isEqualTo(5);
        assertThat(map.get(-1L)).isEqualTo(6);
        assertThat(map.get(Long.MIN_VALUE)).isEqualTo(7);
        assertThat(map.remove(0L)).isEqualTo(5);
        assertThat(map.containsKey(0L)).isFalse();
    }

    @Test
    void clearForgetsEverythingAndShrinks() {
        LongIntMap map = new LongIntMap();
        for (int i = 0; i < 1_000; i++) {
            map.put(i, i);
        }
        map.clear();

        assertThat(map.isEmpty()).isTrue();
        assertThat(map.get(10)).isEqualTo(LongIntMap.MISSING);
        map.put(10, 1);
        assertThat(map.get(10)).isEqualTo(1);
    }
}
