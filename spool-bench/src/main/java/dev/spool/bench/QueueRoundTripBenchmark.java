package dev.spool.bench;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.Consumer;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import java.util.List;
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

/**
 * One message through a classic queue on one thread: enqueue, dispatch to a consumer with credit, ack. With
 * {@code backlog} &gt; 0 the queue holds that many ready messages ahead, so each op also publishes into a deep queue.
 * Measures the queue's own work per message, statistics included; the message object is shared, so what
 * {@code -prof gc} shows is the queue's allocation alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueueRoundTripBenchmark {
    @Param({"0", "10000"})
    public int backlog;

    private final Message message = new Message("", "q", new byte[0], new byte[16], Map.of(), List.of(), false, 0,
            1L);
    private ClassicQueue queue;
    private TakingConsumer consumer;

    /** Takes one delivery per grant and remembers its entry id. Called under the queue's lock, same thread. */
    static final class TakingConsumer implements Consumer {
        int credit;
        long lastEntryId;

        @Override
        public String tag() {
            return "bench";
        }

        @Override
        public boolean noAck() {
            return false;
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
            if (credit > 0) {
                credit--;
                return true;
            }
            return false;
        }

        @Override
        public void deliver(Queue from, long entryId, Message delivered, boolean redelivered) {
            lastEntryId = entryId;
        }

        @Override
        public void cancelledByQueue(Queue from) {
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        queue = new ClassicQueue("q", "/", new QueueSettings(false, false, false, Map.of()), null, null);
        consumer = new TakingConsumer();
        queue.addConsumer(consumer);
        for (int i = 0; i < backlog; i++) {
            queue.enqueue(message);
        }
    }

    @Benchmark
    public long enqueueDeliverAck() {
        queue.enqueue(message);
        consumer.credit = 1;
        queue.dispatch();
        long entryId = consumer.lastEntryId;
        queue.ack(entryId);
        return entryId;
    }
}
