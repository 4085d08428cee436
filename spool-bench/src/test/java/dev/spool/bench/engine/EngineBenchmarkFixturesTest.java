package dev.spool.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs each engine benchmark's operation outside JMH and checks it does what its javadoc says: messages are routed
 * somewhere, queues stay empty, acknowledged entries are gone.
 */
class EngineBenchmarkFixturesTest {
    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void aThousandTopicBindingsRouteAboutOneMessageInTwo() {
        TopicRoutingBenchmark benchmark = new TopicRoutingBenchmark();
        benchmark.bindings = 1000;
        benchmark.setUp();
        benchmark.routeTopic(BLACKHOLE);
        assertThat(benchmark.meanRoutedQueues()).isBetween(0.3, 1.0);
    }

    @Test
    void directPublishReachesExactlyOneQueueAndLeavesItEmpty() {
        DirectRoutingBenchmark benchmark = new DirectRoutingBenchmark();
        benchmark.bindings = 1000;
        benchmark.setUp();
        for (int i = 0; i < 2 * DirectRoutingBenchmark.KEYS; i++) {
            assertThat(benchmark.publishToConsumingQueue()).isEqualTo(1);
        }
        benchmark.routeDirect(BLACKHOLE);
        assertThat(benchmark.queuedMessages()).isZero();
    }

    @Test
    void enqueueDeliverAckLeavesNothingReadyOrUnacked() {
        for (boolean noAck : new boolean[] {false, true}) {
            ClassicQueueBenchmark benchmark = new ClassicQueueBenchmark();
            benchmark.noAck = noAck;
            benchmark.setUp();
            for (int i = 0; i < 100; i++) {
                benchmark.enqueueDeliverAck(BLACKHOLE);
            }
            assertThat(benchmark.queue().messageCount()).isZero();
            assertThat(benchmark.queue().unackedCount()).isZero();
        }
    }
}
