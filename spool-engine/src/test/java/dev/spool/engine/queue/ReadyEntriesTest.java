package dev.spool.engine.queue;

import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadyEntriesTest {
    private static final Message MESSAGE = Messages.message("k");

    /** What one entry holds, for the reference model. */
    private record Entry(long id, long ref, Message message, int deliveries) {
    }

    @Test
    void behavesLikeAFifoAcrossChunkBoundariesUnderRandomAddsAndRemoves() {
        SplittableRandom random = new SplittableRandom(11);
        ReadyEntries ready = new ReadyEntries();
        ArrayDeque<Entry> model = new ArrayDeque<>();
        long nextId = 1;
        for (int op = 0; op < 200_000; op++) {
            if (random.nextInt(3) != 0 || model.isEmpty()) {
                Entry entry = new Entry(nextId++, random.nextLong(), random.nextInt(4) == 0 ? MESSAGE : null,
                        random.nextInt(5) == 0 ? 1 + random.nextInt(9) : 0);
                ready.add(entry.id(), entry.ref(), entry.message(), entry.deliveries());
                model.add(entry);
            } else {
                Entry head = model.poll();
                assertThat(ready.headId()).isEqualTo(head.id());
                assertThat(ready.headRef()).isEqualTo(head.ref());
                assertThat(ready.headMessage()).isSameAs(head.message());
                assertThat(ready.headDeliveries()).isEqualTo(head.deliveries());
                ready.removeHead();
            }
            assertThat(ready.size()).isEqualTo(model.size());
        }
    }

    @Test
    void entryIdsMustFollowTheTail() {
        ReadyEntries ready = new ReadyEntries();
        ready.add(7, 1, null, 0);

        assertThatThrownBy(() -> ready.add(9, 1, null, 0)).isInstanceOf(IllegalStateException.class);
        ready.add(8, 1, null, 0);
        ready.removeHead();
        ready.removeHead();
        ready.add(20, 1, null, 0); // empty again: any id may start it
        assertThat(ready.headId()).isEqualTo(20);
    }

    @Test
    void aReusedChunkForgetsWhatItHeld() {
        ReadyEntries ready = new ReadyEntries();
        long id = 1;
        for (int i = 0; i < ReadyEntries.CHUNK + 1; i++) {
            ready.add(id++, i, MESSAGE, 3);
        }
        for (int i = 0; i < ReadyEntries.CHUNK; i++) {
            ready.removeHead(); // the first chunk becomes the spare
        }
        for (int i = 0; i < ReadyEntries.CHUNK; i++) {
            ready.add(id++, i, null, 0); // fills the rest of the second chunk, then takes the spare
        }
        ready.removeHead();
        while (ready.size() > 0) {
            assertThat(ready.headMessage()).isNull();
            assertThat(ready.headDeliveries()).isZero();
            ready.removeHead();
        }
    }

    @Test
    void removingEntriesAnywhereKeepsTheOthersInOrderAcrossChunks() {
        SplittableRandom random = new SplittableRandom(5);
        ReadyEntries ready = new ReadyEntries();
        TreeMap<Long, Entry> model = new TreeMap<>();
        long nextId = 1;
        for (int op = 0; op < 100_000; op++) {
            int kind = random.nextInt(5);
            if (kind <= 1 || model.isEmpty()) {
                Entry entry = new Entry(nextId, nextId, random.nextInt(3) == 0 ? MESSAGE : null,
                        random.nextInt(4) == 0 ? 2 : 0);
                nextId++;
                ready.add(entry.id(), entry.ref(), entry.message(), entry.deliveries());
                model.put(entry.id(), entry);
            } else if (kind == 2) {
                Entry head = model.pollFirstEntry().getValue();
                assertThat(ready.headId()).isEqualTo(head.id());
                assertThat(ready.headRef()).isEqualTo(head.ref());
                assertThat(ready.headMessage()).isSameAs(head.message());
                assertThat(ready.headDeliveries()).isEqualTo(head.deliveries());
                ready.removeHead();
            } else {
                long first = model.firstKey();
                long id = first + random.nextLong(Math.min(nextId - first, 3L * ReadyEntries.CHUNK));
                Entry expected = model.remove(id);
                assertThat(ready.remove(id)).isEqualTo(expected != null);
                if (expected != null) {
                    assertThat(ready.removedRef()).isEqualTo(expected.ref());
                    assertThat(ready.removedMessage()).isSameAs(expected.message());
                }
            }
            assertThat(ready.size()).isEqualTo(model.size());
            if (op % 1000 == 0) {
                assertThat(copied(ready, model.size())).containsExactlyElementsOf(model.values());
            }
        }
        assertThat(ready.remove(nextId)).as("an id not added yet").isFalse();
    }

    private static List<Entry> copied(ReadyEntries ready, int max) {
        long[] ids = new long[max];
        long[] refs = new long[max];
        Message[] messages = new Message[max];
        int[] deliveries = new int[max];
        int n = ready.copy(max, ids, refs, messages, deliveries);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Entry(ids[i], refs[i], messages[i], deliveries[i]));
        }
        return out;
    }
}
