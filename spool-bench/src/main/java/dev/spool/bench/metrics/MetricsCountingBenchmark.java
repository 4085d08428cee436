package dev.spool.bench.metrics;

import dev.spool.engine.client.MessageCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of counting a published message, Spool's way against the metrics library's: why the message path counts
 * into {@link MessageCounters} (one array per channel, written by its own event-loop thread with opaque stores,
 * summed by the scraper) rather than into Micrometer {@link Counter}s (a {@code DoubleAdder} per counter, shared by
 * every thread that counts). A publish counts two or three things (received, routed, confirmed), so the per-message
 * cost is a few of these.
 *
 * <p>{@code scrape*} measures the other half: a Prometheus scrape of {@code queues} per-queue meters through
 * Micrometer's registry (what {@code /metrics/per-object} would cost with one meter per queue and metric) — Spool
 * writes that text straight from each queue's volatile counts instead.
 *
 * <p>Run: {@code spool-bench/run-jmh.sh MetricsCounting -- -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsCountingBenchmark {

    /** A channel's counters, one per thread as on the event loop. */
    @State(Scope.Thread)
    public static class ChannelCounters {
        final MessageCounters counters = new MessageCounters();
    }

    /** Broker-wide Micrometer counters, shared by every counting thread as a global counter would be. */
    @State(Scope.Benchmark)
    public static class SharedMeters {
        Counter received;

        @Setup(Level.Trial)
        public void setUp() {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            received = Counter.builder("rabbitmq_global_messages_received").register(registry);
        }
    }

    /** A registry with a few per-queue meters for each of {@code queues} queues. */
    @State(Scope.Benchmark)
    public static class PerQueueRegistry {
        @Param({"1000", "10000"})
        public int queues;

        PrometheusMeterRegistry registry;

        @Setup(Level.Trial)
        public void setUp() {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            for (int i = 0; i < queues; i++) {
                String queue = "queue-" + i;
                Counter.builder("spool_queue_messages_published").tag("vhost", "/").tag("queue", queue)
                        .register(registry).increment(i);
                Counter.builder("spool_queue_messages_delivered").tag("vhost", "/").tag("queue", queue)
                        .register(registry).increment(i);
                registry.gauge("spool_queue_messages_ready", java.util.List.of(
                        io.micrometer.core.instrument.Tag.of("vhost", "/"),
                        io.micrometer.core.instrument.Tag.of("queue", queue)), new long[] {i}, a -> a[0]);
            }
        }
    }

    @Benchmark
    @Group("spoolCounters")
    @GroupThreads(2)
    public void spoolChannelCounter(ChannelCounters state) {
        state.counters.increment(MessageCounters.RECEIVED);
    }

    @Benchmark
    @Group("micrometerCounter")
    @GroupThreads(2)
    public void micrometerSharedCounter(SharedMeters state) {
        state.received.increment();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String scrapePerQueueMeters(PerQueueRegistry state) {
        return state.registry.scrape();
    }
}
