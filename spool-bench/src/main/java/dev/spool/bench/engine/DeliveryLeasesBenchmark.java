package dev.spool.bench.engine;

import dev.spool.engine.lease.DeliveryLeases;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * What a per-channel index of leases by deadline would add to every acknowledged delivery: the lease taken when the
 * delivery is written and dropped when it is acked ({@link DeliveryLeases#lease} then {@link DeliveryLeases#settled}),
 * with {@code window} deliveries outstanding, as a consumer with that prefetch keeps them. Deadlines grow with the
 * delivery tags, as they do under one timeout; acks come in delivery order, so each settle removes the heap's root.
 * The AMQP front end keeps each deadline beside its unacknowledged delivery instead ({@code ConsumerLeases}), which
 * costs one array write per delivery and nothing per ack; this benchmark is the measure of what that avoids.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeliveryLeasesBenchmark {
    private static final long TIMEOUT = 1_800_000;

    /** Deliveries outstanding (the consumer's prefetch). */
    @Param({"1", "200"})
    public int window;

    private DeliveryLeases leases;
    private long nextTag;

    @Setup(Level.Trial)
    public void setUp() {
        leases = new DeliveryLeases();
        nextTag = 1;
        for (int i = 0; i < window; i++) {
            leaseNext();
        }
    }

    /** One delivery leased and the oldest outstanding one acked. */
    @Benchmark
    public long leaseAndSettle() {
        leaseNext();
        leases.settled(nextTag - 1 - window);
        return nextTag;
    }

    private void leaseNext() {
        long tag = nextTag++;
        leases.lease(tag, 0, tag + TIMEOUT); // the tag stands in for the clock: deadlines grow with it
    }

    /** Leases held now (the window, between operations). */
    int outstanding() {
        return leases.size();
    }
}
