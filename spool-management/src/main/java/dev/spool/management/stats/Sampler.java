package dev.spool.management.stats;

import dev.spool.engine.Broker;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.client.ClientChannel;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueStats;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the engine's counters on one background thread (every {@code intervalMillis}, RabbitMQ's
 * {@code collect_statistics_interval}) into {@link SampleRing}s: broker-wide and per virtual host (message counters
 * and queue depths, {@link #GLOBAL_CAPACITY} samples: ten minutes at 5 s), per queue, per exchange and per channel (a
 * short ring, enough for rates and a small chart). Reads are racy and lock-free (volatile counts, opaque or striped
 * counters); nothing here ever takes a queue's lock. Rings of queues, exchanges and channels that went away are
 * dropped at the next sample.
 *
 * <p>Thread-safe: {@link #sampleNow()} is serialized; readers get rings that are themselves thread-safe.
 */
public final class Sampler implements AutoCloseable {
    /** Samples kept broker-wide and per virtual host. */
    public static final int GLOBAL_CAPACITY = 120;
    /** Samples kept per queue. */
    public static final int QUEUE_CAPACITY = 24;
    /** Series of the broker-wide and per-vhost rings: the {@link MessageCounters}, then these depths. */
    public static final int READY = MessageCounters.COUNT;
    public static final int UNACKED = MessageCounters.COUNT + 1;
    public static final int MESSAGES = MessageCounters.COUNT + 2;
    static final int GLOBAL_SERIES = MessageCounters.COUNT + 3;
    /** Series of a queue's ring: the {@link QueueStats} counters, then these. */
    public static final int QUEUE_READY = QueueStats.COUNT;
    public static final int QUEUE_UNACKED = QueueStats.COUNT + 1;
    public static final int QUEUE_MESSAGES = QueueStats.COUNT + 2;
    public static final int QUEUE_SATURATED_MILLIS = QueueStats.COUNT + 3;
    static final int QUEUE_SERIES = QueueStats.COUNT + 4;
    /** Series of an exchange's ring: messages published in, and routed out (once per queue). */
    public static final int EXCHANGE_PUBLISH_IN = 0;
    public static final int EXCHANGE_PUBLISH_OUT = 1;
    static final int EXCHANGE_SERIES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final Broker broker;
    private final long intervalMillis;
    private final SampleRing global = new SampleRing(GLOBAL_SERIES, GLOBAL_CAPACITY);
    private volatile Map<String, SampleRing> vhosts = Map.of();
    private volatile Map<Queue, SampleRing> queues = new IdentityHashMap<>();
    private volatile Map<ClientChannel, SampleRing> channels = new IdentityHashMap<>();
    private volatile Map<Exchange, SampleRing> exchanges = new IdentityHashMap<>();
    private volatile Aggregate aggregate = Aggregate.EMPTY;
    private ScheduledExecutorService timer;

    public Sampler(Broker broker, long intervalMillis) {
        this.broker = broker;
        this.intervalMillis = intervalMillis;
    }

    /** Takes a first sample and starts the background thread. */
    public synchronized void start() {
        sampleNow();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "spool-stats-sampler");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::sampleQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    private void sampleQuietly() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            LOG.warn("statistics sample failed", e);
        }
    }

    /** Takes one sample of everything now (the timer does this; tests call it to avoid waiting). */
    public synchronized void sampleNow() {
        long now = broker.clock().millis();
        Map<Queue, SampleRing> previousQueues = queues;
        Map<Queue, SampleRing> nextQueues = new IdentityHashMap<>(previousQueues.size() + 16);
        Map<String, SampleRing> previousVhosts = vhosts;
        Map<String, SampleRing> nextVhosts = new HashMap<>();
        long[] all = new long[GLOBAL_SERIES];
        long[] queueSample = new long[QUEUE_SERIES];
        int queueCount = 0;
        long consumers = 0;
        long oldestReady = Long.MAX_VALUE;
        long oldestUnacked = Long.MAX_VALUE;
        for (VirtualHost vhost : broker.vhosts()) {
            long[] sample = new long[GLOBAL_SERIES];
            System.arraycopy(broker.clients().totals(vhost.name()), 0, sample, 0, MessageCounters.COUNT);
            for (Queue queue : vhost.queues()) {
                QueueStats stats = queue.stats();
                for (int i = 0; i < QueueStats.COUNT; i++) {
                    queueSample[i] = stats.get(i);
                }
                long ready = queue.messageCount();
                long unacked = queue.unackedCount();
                queueSample[QUEUE_READY] = ready;
                queueSample[QUEUE_UNACKED] = unacked;
                queueSample[QUEUE_MESSAGES] = ready + unacked;
                queueSample[QUEUE_SATURATED_MILLIS] = stats.saturatedMillis(now);
                SampleRing ring = previousQueues.get(queue);
                if (ring == null) {
                    ring = new SampleRing(QUEUE_SERIES, QUEUE_CAPACITY);
                }
                ring.add(now, queueSample);
                nextQueues.put(queue, ring);
                sample[READY] += ready;
                sample[UNACKED] += unacked;
                queueCount++;
                consumers += queue.consumerCount();
                oldestReady = minPositive(oldestReady, stats.oldestReadyPublishedAt());
                oldestUnacked = minPositive(oldestUnacked, stats.oldestUnackedDeliveredAt());
            }
            sample[MESSAGES] = sample[READY] + sample[UNACKED];
            SampleRing ring = previousVhosts.get(vhost.name());
            if (ring == null) {
                ring = new SampleRing(GLOBAL_SERIES, GLOBAL_CAPACITY);
            }
            ring.add(now, sample);
            nextVhosts.put(vhost.name(), ring);
            for (int i = READY; i < GLOBAL_SERIES; i++) {
                all[i] += sample[i];
            }
        }
        System.arraycopy(broker.clients().totals(null), 0, all, 0, MessageCounters.COUNT);
        global.add(now, all);
        sampleChannels(now);
        sampleExchanges(now);
        queues = nextQueues;
        vhosts = nextVhosts;
        aggregate = new Aggregate(now, queueCount, all[READY], all[UNACKED], consumers,
                oldestReady == Long.MAX_VALUE ? 0 : Math.max(0, now - oldestReady),
                oldestUnacked == Long.MAX_VALUE ? 0 : Math.max(0, now - oldestUnacked));
    }

    private void sampleChannels(long now) {
        Map<ClientChannel, SampleRing> previous = channels;
        Map<ClientChannel, SampleRing> next = new IdentityHashMap<>();
        long[] sample = new long[MessageCounters.COUNT];
        for (ClientChannel channel : broker.clients().channels()) {
            for (int i = 0; i < MessageCounters.COUNT; i++) {
                sample[i] = channel.counters().get(i);
            }
            SampleRing ring = previous.get(channel);
            if (ring == null) {
                ring = new SampleRing(MessageCounters.COUNT, 2);
            }
            ring.add(now, sample);
            next.put(channel, ring);
        }
        channels = next;
    }

    private void sampleExchanges(long now) {
        Map<Exchange, SampleRing> previous = exchanges;
        Map<Exchange, SampleRing> next = new IdentityHashMap<>(previous.size() + 16);
        long[] sample = new long[EXCHANGE_SERIES];
        for (VirtualHost vhost : broker.vhosts()) {
            for (Exchange exchange : vhost.exchanges()) {
                sample[EXCHANGE_PUBLISH_IN] = exchange.stats().publishIn();
                sample[EXCHANGE_PUBLISH_OUT] = exchange.stats().publishOut();
                SampleRing ring = previous.get(exchange);
                if (ring == null) {
                    ring = new SampleRing(EXCHANGE_SERIES, QUEUE_CAPACITY);
                }
                ring.add(now, sample);
                next.put(exchange, ring);
            }
        }
        exchanges = next;
    }

    private static long minPositive(long current, long candidate) {
        return candidate > 0 && candidate < current ? candidate : current;
    }

    /** The broker-wide ring: {@link MessageCounters} series, then {@link #READY}, {@link #UNACKED}, {@link #MESSAGES}. */
    public SampleRing global() {
        return global;
    }

    /** A virtual host's ring (same series as {@link #global()}), or null before its first sample. */
    public SampleRing vhost(String name) {
        return vhosts.get(name);
    }

    /** A queue's ring ({@link QueueStats} series, then the QUEUE_ depths), or null before its first sample. */
    public SampleRing queue(Queue queue) {
        return queues.get(queue);
    }

    /** A channel's ring ({@link MessageCounters} series), or null before its first sample. */
    public SampleRing channel(ClientChannel channel) {
        return channels.get(channel);
    }

    /** An exchange's ring ({@link #EXCHANGE_PUBLISH_IN}, {@link #EXCHANGE_PUBLISH_OUT}), null before a sample. */
    public SampleRing exchange(Exchange exchange) {
        return exchanges.get(exchange);
    }

    /** Broker-wide queue totals as of the last sample. */
    public Aggregate aggregate() {
        return aggregate;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
