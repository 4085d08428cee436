package dev.spool.bench.engine;

import dev.spool.engine.exchange.ExchangeStats;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of counting a publish on its exchange ({@link ExchangeStats#published}): one publisher thread, and two
 * publishing to the same exchange at once (the contended case the stripes are for).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExchangeStatsBenchmark {
    private final ExchangeStats stats = new ExchangeStats();

    @Benchmark
    @Threads(1)
    public void oneThread() {
        stats.published(1);
    }

    @Benchmark
    @Threads(2)
    public void twoThreadsOneExchange() {
        stats.published(1);
    }
}
