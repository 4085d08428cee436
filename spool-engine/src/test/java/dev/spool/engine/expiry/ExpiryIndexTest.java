package dev.spool.engine.expiry;

import dev.spool.engine.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryIndexTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final ExpiryIndex index = new ExpiryIndex();

    @Test
    void aShortTtlMessageBehindALongTtlOneExpiresOnTimeNotWhenItReachesTheHead() {
        long now = clock.millis();
        index.track(1, MessageExpiration.expiresAt(now, 60_000, -1));
        index.track(2, MessageExpiration.expiresAt(now, 100, -1));
        index.track(3, MessageExpiration.expiresAt(now, MessageExpiration.NO_TTL, -1));

        assertThat(index.size()).as("no TTL, nothing tracked").isEqualTo(2);
        assertThat(index.nextExpiry()).isEqualTo(now + 100);
        clock.advance(99);
        assertThat(expired()).isEmpty();
        clock.advance(1);
        assertThat(expired()).containsExactly(2L);
        clock.advance(60_000);
        assertThat(expired()).containsExactly(1L);
        assertThat(index.nextExpiry()).isEqualTo(MessageExpiration.NEVER);
    }

    @Test
    void aDeliveredMessageStopsAgeingAndKeepsItsExpiryForARequeue() {
        long now = clock.millis();
        index.track(7, now + 1_000);

        long kept = index.untrack(7);
        clock.advance(5_000);
        assertThat(expired()).as("unacknowledged messages do not expire").isEmpty();
        index.track(7, kept);

        assertThat(expired()).as("requeued after its expiry: gone at the next drain").containsExactly(7L);
        assertThat(index.untrack(8)).isEqualTo(MessageExpiration.NEVER);
    }

    @Test
    void messagesExpiringTogetherLeaveInQueueOrder() {
        long at = clock.millis() + 10;
        index.track(30, at);
        index.track(10, at);
        index.track(20, at);
        clock.advance(10);

        assertThat(expired()).containsExactly(10L, 20L, 30L);
    }

    @Test
    void anUnusedQueueExpiresAfterXExpiresAndConsumersOrGetsKeepItAlive() {
        QueueExpiry expiry = new QueueExpiry(1_000, clock.millis());
        assertThat(expiry.deadline()).isEqualTo(clock.millis() + 1_000);

        clock.advance(900);
        expiry.used(clock.millis());
        clock.advance(900);
        assertThat(expiry.isExpired(clock.millis())).isFalse();

        expiry.consumersChanged(1, clock.millis());
        clock.advance(10_000);
        assertThat(expiry.deadline()).isEqualTo(MessageExpiration.NEVER);
        assertThat(expiry.isExpired(clock.millis())).isFalse();

        expiry.consumersChanged(0, clock.millis());
        clock.advance(999);
        assertThat(expiry.isExpired(clock.millis())).isFalse();
        clock.advance(1);
        assertThat(expiry.isExpired(clock.millis())).isTrue();
    }

    private List<Long> expired() {
        List<Long> out = new ArrayList<>();
        long position;
        while ((position = index.pollExpired(clock.millis())) != ExpiryIndex.NONE) {
            out.add(position);
        }
        return out;
    }
}
