package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.engine.queue.Queue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnackedTest {
    private final List<String> settled = new ArrayList<>();
    private final Unacked.Visitor recorder = (action, tag, queue, entryId, consumer) ->
            settled.add(action + ":" + entryId);

    private Unacked withTags(int count) {
        Unacked unacked = new Unacked();
        for (int tag = 1; tag <= count; tag++) {
            unacked.add(tag, (Queue) null, 100 + tag, null);
        }
        return unacked;
    }

    @Test
    void singleAckTakesOnlyThatTag() {
        Unacked unacked = withTags(3);
        assertThat(unacked.take(2, false, Unacked.ACK, recorder)).isTrue();
        assertThat(settled).containsExactly("1:102");
        assertThat(unacked.outstanding()).isEqualTo(2);
    }

    @Test
    void multipleTakesEverythingUpToTheTag() {
        Unacked unacked = withTags(5);
        unacked.take(2, false, Unacked.ACK, recorder);
        assertThat(unacked.take(4, true, Unacked.REQUEUE, recorder)).isTrue();
        assertThat(settled).containsExactly("1:102", "2:101", "2:103", "2:104");
        assertThat(unacked.outstanding()).isEqualTo(1);
    }

    @Test
    void tagZeroWithMultipleTakesEverythingEvenWhenNothingIsOutstanding() {
        Unacked unacked = withTags(3);
        assertThat(unacked.take(0, true, Unacked.ACK, recorder)).isTrue();
        assertThat(settled).hasSize(3);
        assertThat(unacked.take(0, true, Unacked.ACK, recorder)).isTrue();
    }

    @Test
    void unknownOrAlreadySettledTagsAreRefused() {
        Unacked unacked = withTags(3);
        assertThat(unacked.take(9, false, Unacked.ACK, recorder)).isFalse();
        assertThat(unacked.take(0, false, Unacked.ACK, recorder)).isFalse();
        unacked.take(2, false, Unacked.ACK, recorder);
        assertThat(unacked.take(2, false, Unacked.ACK, recorder)).isFalse();
        assertThat(unacked.take(2, true, Unacked.ACK, recorder)).isFalse();
    }

    @Test
    void heldEntriesAreUnknownUntilRolledBack() {
        Unacked unacked = withTags(3);
        assertThat(unacked.hold(2, true, Unacked.ACK)).isTrue();
        assertThat(unacked.outstanding()).isEqualTo(1);
        assertThat(unacked.take(1, false, Unacked.ACK, recorder)).isFalse();
        unacked.rollbackHeld();
        assertThat(unacked.outstanding()).isEqualTo(3);
        assertThat(unacked.take(1, false, Unacked.ACK, recorder)).isTrue();
    }

    @Test
    void commitSettlesHeldEntriesWithTheirActionInTagOrder() {
        Unacked unacked = withTags(4);
        unacked.hold(3, false, Unacked.DISCARD);
        unacked.hold(1, false, Unacked.ACK);
        unacked.commitHeld(recorder);
        assertThat(settled).containsExactly("1:101", "3:103");
        assertThat(unacked.outstanding()).isEqualTo(2);
    }

    @Test
    void takeAllIncludesHeldEntriesOnlyWhenAsked() {
        Unacked unacked = withTags(3);
        unacked.hold(1, false, Unacked.ACK);
        unacked.takeAll(Unacked.REQUEUE, false, recorder);
        assertThat(settled).containsExactly("2:102", "2:103");
        unacked.takeAll(Unacked.REQUEUE, true, recorder);
        assertThat(settled).containsExactly("2:102", "2:103", "2:101");
        assertThat(unacked.isEmpty()).isTrue();
    }

    @Test
    void manyDeliveriesWithAnOldOneLeftOutstandingStayFindable() {
        Unacked unacked = new Unacked();
        for (int tag = 1; tag <= 10_000; tag++) {
            unacked.add(tag, null, tag, null);
            if (tag > 1) {
                assertThat(unacked.take(tag, false, Unacked.ACK, recorder)).isTrue();
            }
        }
        assertThat(unacked.outstanding()).isEqualTo(1);
        unacked.add(10_001, null, 10_001, null);
        assertThat(unacked.take(10_001, true, Unacked.ACK, recorder)).isTrue();
        assertThat(settled).endsWith("1:1", "1:10001");
        assertThat(unacked.isEmpty()).isTrue();
    }
}
