package dev.spool.store.format;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogPositionTest {
    @Test
    void packsSegmentIdAndOffsetAndUnpacksThemAgain() {
        long position = LogPosition.of(123_456, 32_000_000);
        assertThat(LogPosition.segmentId(position)).isEqualTo(123_456);
        assertThat(LogPosition.offset(position)).isEqualTo(32_000_000);
        assertThat(LogPosition.toString(position)).isEqualTo("123456:32000000");
    }

    @Test
    void positionsOrderLikeTheRecordsTheyName() {
        assertThat(LogPosition.of(1, Integer.MAX_VALUE)).isLessThan(LogPosition.of(2, 32));
        assertThat(LogPosition.of(2, 32)).isLessThan(LogPosition.of(2, 33));
        assertThat(LogPosition.of(LogPosition.MAX_SEGMENT_ID, Integer.MAX_VALUE)).isPositive();
    }

    @Test
    void segmentIdsOutsideTheRangeAreRejected() {
        assertThatThrownBy(() -> LogPosition.of(0, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogPosition.of(LogPosition.MAX_SEGMENT_ID + 1, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogPosition.of(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
