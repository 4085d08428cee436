package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Unacked} against a sorted map of outstanding tags, over millions of seeded random operations shaped like a
 * consumer's traffic: deliveries in tag order, single acks mostly near the oldest tag, multiple acks every so often,
 * a window that fills and drains so the ring grows, wraps around and compacts.
 */
class UnackedModelTest {

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 1234L})
    void takesExactlyWhatASortedMapOfOutstandingTagsWouldTake(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Unacked unacked = new Unacked();
        NavigableMap<Long, Long> model = new TreeMap<>();
        List<Long> taken = new ArrayList<>();
        Unacked.Visitor visitor = (action, tag, queue, entryId, consumer) -> taken.add(entryId);
        long nextTag = 1;
        int window = 200;
        for (int op = 0; op < 2_000_000; op++) {
            if (op % 50_000 == 0) {
                window = 1 + random.nextInt(random.nextBoolean() ? 300 : 5_000);
            }
            int kind = random.nextInt(10);
            if (model.size() < window && kind < 5) {
                long tag = nextTag++;
                unacked.add(tag, null, tag * 10, null);
                model.put(tag, tag * 10);
            } else if (!model.isEmpty() && kind < 9) {
                long tag = pick(random, model);
                boolean multiple = random.nextInt(8) == 0;
                taken.clear();
                assertThat(unacked.take(tag, multiple, Unacked.ACK, visitor)).isTrue();
                assertThat(taken).isEqualTo(takeFromModel(model, tag, multiple));
            } else {
                long tag = random.nextInt(3) == 0 ? nextTag + random.nextInt(5) : 1 + random.nextLong(nextTag);
                boolean multiple = random.nextBoolean();
                boolean known = model.containsKey(tag);
                taken.clear();
                assertThat(unacked.take(tag, multiple, Unacked.ACK, visitor)).isEqualTo(known);
                assertThat(taken).isEqualTo(known ? takeFromModel(model, tag, multiple) : List.of());
            }
            assertThat(unacked.outstanding()).isEqualTo(model.size());
        }
        taken.clear();
        unacked.takeAll(Unacked.REQUEUE, true, visitor);
        assertThat(taken).isEqualTo(new ArrayList<>(model.values()));
        assertThat(unacked.isEmpty()).isTrue();
    }

    /** Mostly one of the oldest outstanding tags (acks come roughly in order), sometimes any. */
    private static long pick(SplittableRandom random, NavigableMap<Long, Long> model) {
        if (random.nextInt(4) == 0) {
            long low = model.firstKey();
            Long tag = model.ceilingKey(low + random.nextLong(model.lastKey() - low + 1));
            return tag;
        }
        long tag = model.firstKey();
        for (int skip = random.nextInt(4); skip > 0 && model.higherKey(tag) != null; skip--) {
            tag = model.higherKey(tag);
        }
        return tag;
    }

    private static List<Long> takeFromModel(NavigableMap<Long, Long> model, long tag, boolean multiple) {
        Map<Long, Long> range = multiple ? model.headMap(tag, true) : model.subMap(tag, true, tag, true);
        List<Long> out = new ArrayList<>(range.values());
        range.clear();
        return out;
    }
}
