package dev.spool.engine.queue;

import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

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
}
