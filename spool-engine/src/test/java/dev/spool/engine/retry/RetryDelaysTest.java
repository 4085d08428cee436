package dev.spool.engine.retry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryDelaysTest {

    @Test
    void eachRetryWaitsTheNextDelayWithinTenPercentJitterUntilTheListRunsOut() {
        RetryDelays delays = RetryDelays.fromList(List.of(1000, 5000L, 30000));

        assertThat(delays.delayFor(0, 0.0)).isEqualTo(900);
        assertThat(delays.delayFor(0, 0.5)).isEqualTo(1000);
        assertThat(delays.delayFor(0, 0.999_999)).isBetween(1099L, 1100L);
        assertThat(delays.delayFor(1, 0.5)).isEqualTo(5000);
        assertThat(delays.delayFor(2, 0.25)).isEqualTo(28_500);
        assertThat(delays.delayFor(3, 0.5)).isEqualTo(RetryDelays.EXHAUSTED);
        assertThat(delays.retries()).isEqualTo(3);
    }

    @Test
    void noDelaysMeansRejectsDeadLetterAtOnce() {
        assertThat(RetryDelays.NONE.delayFor(0, 0.5)).isEqualTo(RetryDelays.EXHAUSTED);
        assertThat(RetryDelays.of()).isSameAs(RetryDelays.NONE);
    }

    @Test
    void aZeroDelayRetriesImmediatelyAndNegativeDelaysAreRefused() {
        assertThat(RetryDelays.of(0).delayFor(0, 0.9)).isZero();
        assertThatThrownBy(() -> RetryDelays.of(5, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
