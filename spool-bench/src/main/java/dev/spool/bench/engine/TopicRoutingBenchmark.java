package dev.spool.bench.engine;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.exchange.RoutedQueues;
import dev.spool.engine.exchange.Router;
import dev.spool.engine.message.Message;
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
 * Routing one message through a topic exchange (its {@code TopicTrie}) holding {@code bindings} bindings, each to a
 * queue of its own, with the patterns of {@link RoutingKeys#bindingKey()} ({@code *} and {@code #} included): a
 * message reaches about 0.5 queues at 1,000 bindings and 5.7 at 10,000, so the larger table also hands more queues
 * to the scratch. Each
 * operation routes the next of {@value #KEYS} pre-built messages with different routing keys, through
 * {@link Router#route} as {@code VirtualHost.publish} does, into a reused {@link RoutedQueues} scratch; enqueueing
 * is not measured here (see {@link DirectRoutingBenchmark#publishToConsumingQueue}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TopicRoutingBenchmark {
    static final int KEYS = 1024;
    static final String EXCHANGE = "bench.topic";

    @Param({"1000", "10000"})
    public int bindings;

    private Exchange exchange;
    private final Message[] messages = new Message[KEYS];
    private final RoutedQueues scratch = new RoutedQueues();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        VirtualHost vhost = new VirtualHost("/");
        exchange = vhost.declareExchange(EXCHANGE, Exchange.TOPIC, false, false, false, false, Map.of());
        Object owner = new Object();
        QueueSettings settings = new QueueSettings(false, false, false, Map.of());
        RoutingKeys keys = new RoutingKeys(42);
        for (int i = 0; i < bindings; i++) {
            String queue = "q-" + i;
            vhost.declareQueue(queue, false, settings, owner);
            vhost.bindQueue(queue, EXCHANGE, keys.bindingKey(), Map.of(), owner);
        }
        for (int i = 0; i < KEYS; i++) {
            messages[i] = EngineFixtures.message(EXCHANGE, keys.routingKey());
        }
    }

    @Benchmark
    public void routeTopic(Blackhole blackhole) {
        Message message = messages[next++ & (KEYS - 1)];
        Router.route(exchange, message, Map.of(), scratch);
        blackhole.consume(scratch.size());
    }

    /** Mean queues per routed message, to read the figures by (not measured). */
    double meanRoutedQueues() {
        long routed = 0;
        for (Message message : messages) {
            Router.route(exchange, message, Map.of(), scratch);
            routed += scratch.size();
        }
        return (double) routed / KEYS;
    }
}
