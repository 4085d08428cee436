package dev.spool.bench.engine;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.Consumer;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One message through a {@link ClassicQueue} with one consumer that always has credit: {@code enqueue} appends it and
 * dispatches it to the consumer at once, and with manual acknowledgement {@code ack} then settles it, as basic.ack
 * does. The queue stays empty between operations, its steady state when consumers keep up.
 *
 * <p>The message is built once and shared by every operation (messages are immutable and shared between queues
 * anyway), so what is measured is the queue's own work and allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClassicQueueBenchmark {
    /** basic.consume's no-ack flag: true forgets a message once delivered, false holds it until acked. */
    @Param({"false", "true"})
    public boolean noAck;

    private ClassicQueue queue;
    private Message message;
    private LastDeliveryConsumer consumer;

    @Setup(Level.Trial)
    public void setUp() {
        queue = new ClassicQueue("bench", "/", new QueueSettings(false, false, false, Map.of()), null, null);
        message = EngineFixtures.message("", "bench");
        consumer = new LastDeliveryConsumer(noAck);
        queue.addConsumer(consumer);
    }

    @Benchmark
    public void enqueueDeliverAck(Blackhole blackhole) {
        queue.enqueue(message);
        long entryId = consumer.lastEntryId;
        if (!noAck) {
            queue.ack(entryId);
        }
        blackhole.consume(entryId);
    }

    /** The queue under test; for tests. */
    ClassicQueue queue() {
        return queue;
    }

    /**
     * The simplest consumer a front end could be: always has credit and keeps the last entry id, for the benchmark to
     * ack. Called under the queue's lock on the benchmark thread, the only thread here.
     */
    static final class LastDeliveryConsumer implements Consumer {
        private final boolean noAck;
        long lastEntryId;

        LastDeliveryConsumer(boolean noAck) {
            this.noAck = noAck;
        }

        @Override
        public String tag() {
            return "amq.ctag-bench";
        }

        @Override
        public boolean noAck() {
            return noAck;
        }

        @Override
        public boolean exclusive() {
            return false;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public boolean tryAcquireCredit() {
            return true;
        }

        @Override
        public void deliver(Queue from, long entryId, Message delivered, boolean redelivered) {
            lastEntryId = entryId;
        }

        @Override
        public void cancelledByQueue(Queue from) {
            // never deleted here
        }
    }
}
