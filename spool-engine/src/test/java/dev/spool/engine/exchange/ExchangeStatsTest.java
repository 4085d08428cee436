package dev.spool.engine.exchange;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeStatsTest {
    @Test
    void stripesArePowersOfTwoAtLeastTwiceTheProcessorsUpToSixteen() {
        assertThat(ExchangeStats.stripes(1)).isEqualTo(2);
        assertThat(ExchangeStats.stripes(2)).isEqualTo(4);
        assertThat(ExchangeStats.stripes(3)).isEqualTo(8);
        assertThat(ExchangeStats.stripes(8)).isEqualTo(16);
        assertThat(ExchangeStats.stripes(64)).isEqualTo(16);
    }

    @Test
    void concurrentPublishersLoseNoCount() throws Exception {
        ExchangeStats stats = new ExchangeStats();
        int threads = 8;
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int queues = t % 3;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    stats.published(queues);
                }
            });
            thread.start();
            publishers.add(thread);
        }
        start.countDown();
        for (Thread thread : publishers) {
            thread.join();
        }

        assertThat(stats.publishIn()).isEqualTo((long) threads * perThread);
        long expectedOut = 0;
        for (int t = 0; t < threads; t++) {
            expectedOut += (long) (t % 3) * perThread;
        }
        assertThat(stats.publishOut()).isEqualTo(expectedOut);
    }
}
