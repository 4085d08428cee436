package dev.spool.engine.lease;

import dev.spool.engine.ErrorCondition;
import dev.spool.engine.ManualClock;
import dev.spool.engine.deadline.DeadlineIndex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLeasesTest {
    private static final long TIMEOUT = 30_000;

    private final ManualClock clock = new ManualClock(5_000_000);
    private final DeliveryLeases leases = new DeliveryLeases(3, 16);
    private final List<String> events = new ArrayList<>();
    private final DeliveryLeases.TimeoutSink sink = (tag, consumer, cancel) ->
            events.add(tag + "@" + consumer + (cancel ? " cancel" : ""));

    @Test
    void onlyTheOverdueDeliveryIsTakenBackAndTheOthersKeepTheirLeases() {
        leases.lease(1, 7, clock.millis() + TIMEOUT);
        clock.advance(10_000);
        leases.lease(2, 7, clock.millis() + TIMEOUT);

        clock.advance(20_000);
        assertThat(leases.expire(clock.millis(), sink)).isEqualTo(1);

        assertThat(events).containsExactly("1@7");
        assertThat(leases.isLeased(2)).isTrue();
        assertThat(leases.nextDeadline()).isEqualTo(clock.millis() + 10_000);
    }

    @Test
    void aLateAckOfATakenBackDeliveryIsIgnoredOnce() {
        leases.lease(1, 7, clock.millis() + TIMEOUT);
        clock.advance(TIMEOUT);
        leases.expire(clock.millis(), sink);

        assertThat(leases.wasRevoked(1)).isTrue();
        assertThat(leases.wasRevoked(1)).as("settled once").isFalse();
        assertThat(leases.wasRevoked(2)).isFalse();
    }

    @Test
    void aConsumerIsCancelledOnlyAfterThreeTimeoutsInARow() {
        for (long tag = 1; tag <= 4; tag++) {
            leases.lease(tag, 7, clock.millis() + TIMEOUT);
        }
        clock.advance(TIMEOUT);
        leases.expire(clock.millis(), sink);

        assertThat(events).containsExactly("1@7", "2@7", "3@7 cancel", "4@7");
    }

    @Test
    void anySettleInBetweenResetsTheCount() {
        leases.lease(1, 7, clock.millis() + TIMEOUT);
        leases.lease(2, 7, clock.millis() + TIMEOUT);
        leases.lease(3, 7, clock.millis() + TIMEOUT + 1);
        leases.lease(4, 7, clock.millis() + TIMEOUT + 2);
        leases.lease(5, 7, clock.millis() + TIMEOUT + 3);

        clock.advance(TIMEOUT);
        leases.expire(clock.millis(), sink);
        leases.settled(3);
        clock.advance(10);
        leases.expire(clock.millis(), sink);

        assertThat(events).containsExactly("1@7", "2@7", "4@7", "5@7");
    }

    @Test
    void basicGetDeliveriesTimeOutWithoutEverCancellingAnyone() {
        for (long tag = 1; tag <= 5; tag++) {
            leases.lease(tag, DeliveryLeases.NO_CONSUMER, clock.millis() + TIMEOUT);
        }
        clock.advance(TIMEOUT);
        leases.expire(clock.millis(), sink);

        assertThat(events).containsExactly("1@-1", "2@-1", "3@-1", "4@-1", "5@-1");
    }

    @Test
    void extendingALeaseMovesItsDeadlineAndFailsOnceItIsGone() {
        leases.lease(1, 7, clock.millis() + TIMEOUT);
        clock.advance(TIMEOUT - 1);

        assertThat(leases.extend(1, clock.millis() + 600_000)).isTrue();
        clock.advance(1);
        assertThat(leases.expire(clock.millis(), sink)).isZero();
        assertThat(leases.deadlineOf(1)).isEqualTo(clock.millis() - 1 + 600_000);

        leases.settled(1);
        assertThat(leases.extend(1, clock.millis() + 1)).isFalse();
        assertThat(leases.deadlineOf(1)).isEqualTo(DeadlineIndex.NONE);
    }

    @Test
    void aCancelledConsumerStartsAfreshAndClosingTheChannelForgetsEverything() {
        leases.lease(1, 7, clock.millis() + 1);
        leases.lease(2, 7, clock.millis() + 1);
        clock.advance(1);
        leases.expire(clock.millis(), sink);
        leases.consumerGone(7);
        leases.lease(3, 7, clock.millis() + 1);
        leases.lease(4, 8, clock.millis() + 1);
        leases.clear();

        clock.advance(1);
        assertThat(leases.expire(clock.millis(), sink)).isZero();
        assertThat(leases.size()).isZero();
    }

    @Test
    void revokedTagsAreRememberedUpToTheirCapacity() {
        RevokedTags revoked = new RevokedTags(2);
        revoked.add(1);
        revoked.add(2);
        revoked.add(3);

        assertThat(revoked.contains(1)).isFalse();
        assertThat(revoked.contains(2)).isTrue();
        assertThat(revoked.consume(3)).isTrue();
        assertThat(revoked.size()).isEqualTo(1);
    }

    @Test
    void aLeaseRequestIsAPublishWithTheDeliveryTagAsRoutingKey() {
        assertThat(LeaseRequest.parse("42", Map.of()))
                .isEqualTo(new LeaseRequest(42, LeaseRequest.QUEUE_TIMEOUT, false));
        assertThat(LeaseRequest.parse("42", Map.of("x-extend-ms", 600_000, "x-multiple", true)))
                .isEqualTo(new LeaseRequest(42, 600_000, true));
        assertFails(() -> LeaseRequest.parse("abc", Map.of()), ErrorCondition.PRECONDITION_FAILED,
                "invalid lease request: routing key 'abc' is not a delivery tag");
        assertFails(() -> LeaseRequest.parse("0", Map.of()), ErrorCondition.PRECONDITION_FAILED,
                "invalid lease request: routing key '0' is not a delivery tag");
        assertFails(() -> LeaseRequest.parse("1", Map.of("x-extend-ms", "10m")), ErrorCondition.PRECONDITION_FAILED,
                "invalid lease request: 'x-extend-ms' must be a non-negative integer");
        assertFails(() -> LeaseRequest.parse("1", Map.of("x-multiple", 1)), ErrorCondition.PRECONDITION_FAILED,
                "invalid lease request: 'x-multiple' must be a boolean");
    }
}
