package dev.spool.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTimeTest {
    @Test
    void runsDueTasksInDueOrderWhenAdvanced() {
        ManualTime time = new ManualTime(1_000);
        List<String> ran = new ArrayList<>();
        time.schedule(1_300, () -> ran.add("c"));
        time.schedule(1_100, () -> ran.add("a"));
        time.schedule(1_100, () -> ran.add("b"));
        Timers.Cancellable cancelled = time.schedule(1_200, () -> ran.add("x"));
        cancelled.cancel();

        time.advance(150);
        assertThat(ran).containsExactly("a", "b");
        assertThat(time.millis()).isEqualTo(1_150);

        time.advance(1_000);
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(time.pending()).isZero();
    }

    @Test
    void aTaskSeesItsOwnDueTimeAndMayScheduleAnotherThatIsAlreadyDue() {
        ManualTime time = new ManualTime(0);
        List<Long> seen = new ArrayList<>();
        time.schedule(10, () -> {
            seen.add(time.millis());
            time.schedule(20, () -> seen.add(time.millis()));
        });
        time.advance(100);
        assertThat(seen).containsExactly(10L, 20L);
        assertThat(time.millis()).isEqualTo(100);
    }

    @Test
    void timersOfAManualClockAreTheClockItself() {
        ManualTime time = new ManualTime(0);
        assertThat(Timers.of(time)).isSameAs(time);
    }

    @Test
    void systemTimersRunOnTheSharedThread() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Clock clock = Clock.system();
        Timers.of(clock).schedule(clock.millis() + 5, ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();

        CountDownLatch never = new CountDownLatch(1);
        Timers.of(clock).schedule(clock.millis() + 50, never::countDown).cancel();
        assertThat(never.await(200, TimeUnit.MILLISECONDS)).isFalse();
    }
}
