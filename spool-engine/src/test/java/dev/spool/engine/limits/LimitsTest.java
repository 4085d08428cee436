package dev.spool.engine.limits;

import dev.spool.engine.ErrorCondition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {
    private final Limits limits = new Limits();

    @Test
    void noLimitsByDefault() {
        for (int i = 0; i < 1000; i++) {
            limits.connectionOpened("app", "/");
            limits.channelOpened("app");
        }
        limits.checkNewQueue("/", 1_000_000, "q");
        assertThat(limits.connections("/")).isEqualTo(1000);
    }

    @Test
    void vhostConnectionLimitRefusesWithRabbitMqsText() {
        limits.setVhostLimits("/", VhostLimits.NONE.withMaxConnections(2));
        limits.connectionOpened("a", "/");
        limits.connectionOpened("b", "/");

        assertFails(() -> limits.connectionOpened("c", "/"), ErrorCondition.NOT_ALLOWED,
                "access to vhost '/' refused for user 'c': connection limit (2) is reached");
        limits.connectionOpened("c", "other");

        limits.connectionClosed("a", "/");
        limits.connectionOpened("c", "/");
        assertThat(limits.connections("/")).isEqualTo(2);
    }

    @Test
    void userConnectionLimitCountsEveryVhostAndRefusesWithRabbitMqsText() {
        limits.setUserLimits("app", UserLimits.NONE.withMaxConnections(2));
        limits.connectionOpened("app", "/");
        limits.connectionOpened("app", "staging");

        assertFails(() -> limits.connectionOpened("app", "/"), ErrorCondition.NOT_ALLOWED,
                "connection refused for user 'app': user connection limit (2) is reached");
        assertThat(limits.connections("/")).as("the refused connection is not counted").isEqualTo(1);
        limits.connectionOpened("other", "/");
    }

    @Test
    void userChannelLimitRefusesWithRabbitMqsText() {
        limits.setUserLimits("app", UserLimits.NONE.withMaxChannels(3));
        for (int i = 0; i < 3; i++) {
            limits.channelOpened("app");
        }

        assertFails(() -> limits.channelOpened("app"), ErrorCondition.NOT_ALLOWED,
                "number of channels opened for user 'app' has reached the maximum allowed user limit of 3");
        limits.channelClosed("app");
        limits.channelOpened("app");
        assertThat(limits.userChannels("app")).isEqualTo(3);
    }

    @Test
    void queueLimitRefusesNewQueuesWithRabbitMqsText() {
        limits.setVhostLimits("/", VhostLimits.NONE.withMaxQueues(5));

        limits.checkNewQueue("/", 4, "q5");
        assertFails(() -> limits.checkNewQueue("/", 5, "q6"), ErrorCondition.PRECONDITION_FAILED,
                "cannot declare queue 'q6': queue limit in vhost '/' (5) is reached");
    }

    @Test
    void zeroAllowsNone() {
        limits.setVhostLimits("closed", new VhostLimits(0, 0));

        assertFails(() -> limits.connectionOpened("app", "closed"), ErrorCondition.NOT_ALLOWED,
                "access to vhost 'closed' refused for user 'app': connection limit (0) is reached");
        assertFails(() -> limits.checkNewQueue("closed", 0, "q"), ErrorCondition.PRECONDITION_FAILED,
                "cannot declare queue 'q': queue limit in vhost 'closed' (0) is reached");
    }

    @Test
    void ownLimitsWinOverDefaultsUntilCleared() {
        limits.setDefaults(new VhostLimits(10, 20), new UserLimits(3, 4));
        limits.setUserLimits("app", new UserLimits(1, 1));

        assertThat(limits.userLimits("app")).isEqualTo(new UserLimits(1, 1));
        assertThat(limits.userLimits("other")).isEqualTo(new UserLimits(3, 4));
        assertThat(limits.vhostLimits("/")).isEqualTo(new VhostLimits(10, 20));
        limits.clearUserLimits("app");
        assertThat(limits.userLimits("app")).isEqualTo(new UserLimits(3, 4));
        assertThat(limits.ownUserLimits("app")).isNull();
    }

    @Test
    void concurrentConnectionsNeverOvershootTheLimit() throws Exception {
        limits.setVhostLimits("/", VhostLimits.NONE.withMaxConnections(50));
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 100; i++) {
                    try {
                        limits.connectionOpened("u" + i, "/");
                        accepted.incrementAndGet();
                    } catch (RuntimeException refused) {
                        // expected once the limit is reached
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(accepted.get()).isEqualTo(50);
        assertThat(limits.connections("/")).isEqualTo(50);
    }
}
