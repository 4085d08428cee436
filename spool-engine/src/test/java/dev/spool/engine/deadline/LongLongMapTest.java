package dev.spool.engine.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongLongMapTest {

    @ParameterizedTest
    @ValueSource(longs = {3L, 11L})
    void behavesLikeHashMapUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LongLongMap map = new LongLongMap();
        Map<Long, Long> reference = new HashMap<>();
        for (int op = 0; op < 100_000; op++) {
            long key = random.nextInt(10) == 0 ? random.nextLong() : random.nextInt(1_500);
            int kind = random.nextInt(10);
            if (kind < 5) {
                long value = random.nextLong(Long.MIN_VALUE + 1, Long.MAX_VALUE);
                Long previous = reference.put(key, value);
                assertThat(map.put(key, value)).isEqualTo(previous == null ? LongLongMap.MISSING : previous);
            } else if (kind < 8) {
                Long previous = reference.remove(key);
                assertThat(map.remove(key)).isEqualTo(previous == null ? LongLongMap.MISSING : previous);
            } else {
                Long value = reference.get(key);
                assertThat(map.get(key)).isEqualTo(value == null ? LongLongMap.MISSING : value);
                assertThat(map.containsKey(key)).isEqualTo(value != null);
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        Map<Long, Long> visited = new HashMap<>();
        map.forEach(visited::put);
        assertThat(visited).isEqualTo(reference);
    }

    @Test
    void valuesBeyondIntRangeKeepTheirBits() {
        LongLongMap map = new LongLongMap();
        map.put(1L, 1L << 40);
        map.put(2L, -5L);
        assertThat(map.get(1L)).isEqualTo(1L << 40);
        assertThat(map.remove(2L)).isEqualTo(-5L);
        assertThat(map.get(2L)).isEqualTo(LongLongMap.MISSING);
    }
}
