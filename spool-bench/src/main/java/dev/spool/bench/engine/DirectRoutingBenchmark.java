package dev.spool.bench.engine;

import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.exchange.RoutedQueues;
import dev.spool.engine.exchange.Router;
import dev.spool.engine.message.Message;
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
 * A direct exchange with {@code bindings} queues, each bound with a key of its own, and each with a no-ack consumer
 * that always has credit. Each operation takes the next of {@value #KEYS} pre-built messages whose routing keys each
 * match one binding.
 *
 * <p>{@link #routeDirect} is routing alone ({@link Router#route}, as {@code VirtualHost.publish} calls it).
 * {@link #publishToConsumingQueue} is the engine's whole share of a publish: {@code VirtualHost.publish} looks the
 * exchange up, routes, enqueues into the queue and the queue hands the message to its consumer at once, so queues
 * stay empty.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DirectRoutingBenchmark {
    static final int KEYS = 1024;
    static final String EXCHANGE = "bench.direct";

    @Param({"1000", "10000"})
    public int bindings;

    private VirtualHost vhost;
    private Exchange exchange;
    private final Message[] messages = new Message[KEYS];
    private final RoutedQueues scratch = new RoutedQueues();
    private final PublishScratch publishScratch = new PublishScratch(null);
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        vhost = new VirtualHost("/");
        exchange = vhost.declareExchange(EXCHANGE, Exchange.DIRECT, false, false, false, false, Map.of());
        Object owner = new Object();
        QueueSettings settings = new QueueSettings(false, false, false, Map.of());
        for (int i = 0; i < bindings; i++) {
            String queue = "q-" + i;
            vhost.declareQueue(queue, false, settings, owner);
            vhost.bindQueue(queue, EXCHANGE, "key-" + i, Map.of(), owner);
            vhost.findQueue(queue).addConsumer(new ClassicQueueBenchmark.LastDeliveryConsumer(true));
        }
        // Spread over the whole table: consecutive messages hit unrelated keys, as many publishers would.
        long stride = 7919;
        for (int i = 0; i < KEYS; i++) {
            messages[i] = EngineFixtures.message(EXCHANGE, "key-" + (i * stride % bindings));
        }
    }

    @Benchmark
    public void routeDirect(Blackhole blackhole) {
        Message message = messages[next++ & (KEYS - 1)];
        Router.route(exchange, message, Map.of(), scratch);
        blackhole.consume(scratch.size());
    }

    @Benchmark
    public int publishToConsumingQueue() {
        Message message = messages[next++ & (KEYS - 1)];
        int routed = vhost.publish(EXCHANGE, message, publishScratch, 0);
        publishScratch.routed().clear();
        return routed;
    }

    /** Ready messages summed over every queue (0 while consumers keep up); for tests. */
    long queuedMessages() {
        long ready = 0;
        for (Queue queue : vhost.queues()) {
            ready += queue.messageCount();
        }
        return ready;
    }
}
