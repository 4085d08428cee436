package dev.spool.management.metrics;

import dev.spool.engine.Broker;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.dedup.DeduplicationWindow;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.exchange.ExchangeStats;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueStats;
import dev.spool.management.ManagementSettings;
import dev.spool.management.NodeResources;
import dev.spool.management.stats.Aggregate;
import dev.spool.management.stats.Sampler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics} and {@code /metrics/per-object}, without authentication (as RabbitMQ's Prometheus plugin).
 * Aggregated queue gauges come from the sampler's last totals (at most one sample interval old, as RabbitMQ's are),
 * message counters from the channels' counters summed at scrape time. Per-object lines read each queue's volatile
 * counts and opaque counters; no queue lock is taken by either.
 */
public final class MetricsEndpoint {
    private static final String[] GLOBAL_COUNTERS = {
        "rabbitmq_global_messages_received_total", "Total number of messages received from publishers",
        "rabbitmq_global_messages_received_confirm_total",
        "Total number of messages received from publishers expecting confirmations",
        "rabbitmq_global_messages_routed_total", "Total number of messages routed to queues or streams",
        "rabbitmq_global_messages_unroutable_dropped_total",
        "Total number of messages published as non-mandatory into an exchange and dropped as unroutable",
        "rabbitmq_global_messages_unroutable_returned_total",
        "Total number of messages published as mandatory into an exchange and returned to the publisher as"
                + " unroutable",
        "rabbitmq_global_messages_confirmed_total", "Total number of messages confirmed to publishers",
        "rabbitmq_global_messages_delivered_consume_auto_ack_total",
        "Total number of messages delivered to consumers using basic.consume with automatic acknowledgment",
        "rabbitmq_global_messages_delivered_consume_manual_ack_total",
        "Total number of messages delivered to consumers using basic.consume with manual acknowledgment",
        "rabbitmq_global_messages_delivered_get_auto_ack_total",
        "Total number of messages delivered to consumers using basic.get with automatic acknowledgment",
        "rabbitmq_global_messages_delivered_get_manual_ack_total",
        "Total number of messages delivered to consumers using basic.get with manual acknowledgment",
        "rabbitmq_global_messages_get_empty_total", "Total number of times basic.get operations fetched no message",
        "rabbitmq_global_messages_redelivered_total", "Total number of messages redelivered to consumers",
        "rabbitmq_global_messages_acknowledged_total", "Total number of messages acknowledged by consumers",
    };

    private static final String QUEUE_DEDUPLICATED = "spool_queue_messages_deduplicated_total";
    private static final String QUEUE_DEDUPLICATED_HELP = "Total number of duplicate messages a queue dropped";
    private static final String EXCHANGE_DEDUPLICATED = "spool_exchange_messages_deduplicated_total";
    private static final String EXCHANGE_DEDUPLICATED_HELP =
            "Total number of duplicate messages an exchange dropped before routing";

    private final Broker broker;
    private final Sampler sampler;
    private final ManagementSettings settings;
    private final NodeResources resources;

    public MetricsEndpoint(Broker broker, Sampler sampler, ManagementSettings settings, NodeResources resources) {
        this.broker = broker;
        this.sampler = sampler;
        this.settings = settings;
        this.resources = resources;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/metrics", ctx -> scrape(ctx, false));
        routes.get("/metrics/per-object", ctx -> scrape(ctx, true));
    }

    private void scrape(Context ctx, boolean perObject) throws IOException {
        ctx.contentType(PrometheusText.CONTENT_TYPE);
        Writer writer = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 65536);
        PrometheusText text = new PrometheusText(writer);
        if (perObject) {
            perObject(text);
        } else {
            aggregated(text);
        }
        text.flush();
    }

    /** Broker-wide: sums only, at a cost independent of the number of queues. */
    void aggregated(PrometheusText out) {
        common(out);
        Aggregate totals = sampler.aggregate();
        gauge(out, "rabbitmq_queue_messages_ready", "Messages ready to be delivered to consumers", totals.ready());
        gauge(out, "rabbitmq_queue_messages_unacked", "Messages delivered to consumers but not yet acknowledged",
                totals.unacked());
        gauge(out, "rabbitmq_queue_messages", "Sum of ready and unacknowledged messages - total queue depth",
                totals.messages());
        gauge(out, "rabbitmq_queue_consumers", "Consumers on a queue", totals.consumers());
        gauge(out, "spool_queue_oldest_ready_age_seconds",
                "Age of the oldest ready message over all queues (0 when none is ready)",
                totals.oldestReadyAgeMillis() / 1000.0);
        gauge(out, "spool_queue_oldest_unacked_age_seconds",
                "Age of the oldest unacknowledged delivery over all queues (0 when none is out)",
                totals.oldestUnackedAgeMillis() / 1000.0);
        deduplicationTotals(out);
    }

    /**
     * Duplicates dropped, summed over the queues and over the exchanges that deduplicate: each virtual host tracks
     * its deduplication windows, so this costs one read per deduplicating queue or exchange, not per queue.
     */
    private void deduplicationTotals(PrometheusText out) {
        long queueHits = 0;
        long exchangeHits = 0;
        for (VirtualHost vhost : broker.vhosts()) {
            queueHits += vhost.queueDeduplicationHits();
            exchangeHits += vhost.exchangeDeduplicationHits();
        }
        out.family(QUEUE_DEDUPLICATED, "counter", QUEUE_DEDUPLICATED_HELP).sample(QUEUE_DEDUPLICATED, queueHits);
        out.family(EXCHANGE_DEDUPLICATED, "counter", EXCHANGE_DEDUPLICATED_HELP)
                .sample(EXCHANGE_DEDUPLICATED, exchangeHits);
    }

    /** Per deduplicating queue and exchange: duplicates dropped and keys in the window. */
    private void deduplicationPerObject(PrometheusText out) {
        out.family(QUEUE_DEDUPLICATED, "counter", QUEUE_DEDUPLICATED_HELP);
        for (VirtualHost vhost : broker.vhosts()) {
            for (Queue queue : vhost.queues()) {
                DeduplicationWindow window = queue.deduplication();
                if (window != null) {
                    out.sample(QUEUE_DEDUPLICATED, window.hits(), "vhost", vhost.name(), "queue", queue.name());
                }
            }
        }
        out.family("spool_queue_deduplication_keys", "gauge", "Keys in a deduplicating queue's window");
        for (VirtualHost vhost : broker.vhosts()) {
            for (Queue queue : vhost.queues()) {
                DeduplicationWindow window = queue.deduplication();
                if (window != null) {
                    out.sample("spool_queue_deduplication_keys", window.size(), "vhost", vhost.name(), "queue",
                            queue.name());
                }
            }
        }
        out.family(EXCHANGE_DEDUPLICATED, "counter", EXCHANGE_DEDUPLICATED_HELP);
        for (VirtualHost vhost : broker.vhosts()) {
            for (Exchange exchange : vhost.exchanges()) {
                DeduplicationWindow window = exchange.deduplication();
                if (window != null) {
                    out.sample(EXCHANGE_DEDUPLICATED, window.hits(), "vhost", vhost.name(), "exchange",
                            exchange.name());
                }
            }
        }
    }

    /** Per queue, labelled {@code vhost} and {@code queue}; per exchange, labelled {@code vhost}, {@code exchange}. */
    void perObject(PrometheusText out) {
        common(out);
        long now = broker.clock().millis();
        family(out, "rabbitmq_queue_messages_ready", "gauge", "Messages ready to be delivered to consumers",
                (q, s) -> q.messageCount());
        family(out, "rabbitmq_queue_messages_unacked", "gauge",
                "Messages delivered to consumers but not yet acknowledged", (q, s) -> q.unackedCount());
        family(out, "rabbitmq_queue_messages", "gauge", "Sum of ready and unacknowledged messages - total queue depth",
                (q, s) -> q.messageCount() + q.unackedCount());
        family(out, "rabbitmq_queue_consumers", "gauge", "Consumers on a queue", (q, s) -> q.consumerCount());
        family(out, "rabbitmq_queue_messages_published_total", "counter", "Total number of messages published to queues",
                (q, s) -> s.get(QueueStats.PUBLISHED));
        family(out, "spool_queue_messages_delivered_total", "counter",
                "Total number of messages delivered from the queue (consume and get, either ack mode)",
                (q, s) -> s.get(QueueStats.DELIVERED) + s.get(QueueStats.DELIVERED_NO_ACK) + s.get(QueueStats.GET)
                        + s.get(QueueStats.GET_NO_ACK));
        family(out, "spool_queue_messages_acknowledged_total", "counter",
                "Total number of deliveries from the queue acknowledged", (q, s) -> s.get(QueueStats.ACKNOWLEDGED));
        family(out, "spool_queue_messages_redelivered_total", "counter", "Total number of redeliveries from the queue",
                (q, s) -> s.get(QueueStats.REDELIVERED));
        family(out, "spool_queue_oldest_ready_age_seconds", "gauge",
                "Age of the queue's oldest ready message (0 when none is ready)",
                (q, s) -> age(now, s.oldestReadyPublishedAt()));
        family(out, "spool_queue_oldest_unacked_age_seconds", "gauge",
                "Age of the queue's oldest unacknowledged delivery (0 when none is out)",
                (q, s) -> age(now, s.oldestUnackedDeliveredAt()));
        family(out, "spool_queue_messages_waiting", "gauge",
                "Messages in the queue not ready yet: waiting out the queue's x-delay or a retry delay",
                (q, s) -> q instanceof ClassicQueue classic ? classic.waitingCount() : 0);
        exchangeFamily(out, "spool_exchange_messages_published_in_total",
                "Total number of messages published to an exchange", true);
        exchangeFamily(out, "spool_exchange_messages_published_out_total",
                "Total number of messages routed from an exchange to queues, counted once per queue", false);
        delayedExchanges(out);
        deduplicationPerObject(out);
    }

    /** Per exchange, labelled {@code vhost} and {@code exchange} (the default exchange is ""). */
    private void exchangeFamily(PrometheusText out, String name, String help, boolean in) {
        out.family(name, "counter", help);
        for (VirtualHost vhost : broker.vhosts()) {
            for (Exchange exchange : vhost.exchanges()) {
                ExchangeStats stats = exchange.stats();
                out.sample(name, in ? stats.publishIn() : stats.publishOut(), "vhost", vhost.name(), "exchange",
                        exchange.name());
            }
        }
    }

    /** Messages each {@code x-delayed-message} exchange holds, labelled {@code vhost} and {@code exchange}. */
    private void delayedExchanges(PrometheusText out) {
        String name = "spool_exchange_messages_delayed";
        out.family(name, "gauge", "Messages an x-delayed-message exchange holds until their delay is over");
        for (VirtualHost vhost : broker.vhosts()) {
            for (Exchange exchange : vhost.exchanges()) {
                if (exchange instanceof DelayedMessageExchange delayed) {
                    out.sample(name, delayed.waiting().count(), "vhost", vhost.name(), "exchange", exchange.name());
                }
            }
        }
    }

    private static double age(long now, long since) {
        return since == 0 ? 0.0 : Math.max(0, now - since) / 1000.0;
    }

    /** What one queue contributes to a family. */
    @FunctionalInterface
    private interface QueueValue {
        double of(Queue queue, QueueStats stats);
    }

    private void family(PrometheusText out, String name, String type, String help, QueueValue value) {
        out.family(name, type, help);
        for (VirtualHost vhost : broker.vhosts()) {
            for (Queue queue : vhost.queues()) {
                out.sample(name, value.of(queue, queue.stats()), "vhost", vhost.name(), "queue", queue.name());
            }
        }
    }

    /** Identity, object counts and the global message counters: the same in both endpoints. */
    private void common(PrometheusText out) {
        out.family("rabbitmq_identity_info", "untyped", "RabbitMQ node & cluster identity info")
                .sample("rabbitmq_identity_info", 1, "rabbitmq_node", settings.nodeName(), "rabbitmq_cluster",
                        settings.nodeName(), "rabbitmq_endpoint", "metrics");
        out.family("rabbitmq_build_info", "untyped", "RabbitMQ & Erlang/OTP version info")
                .sample("rabbitmq_build_info", 1, "rabbitmq_version", ManagementSettings.RABBITMQ_API_VERSION,
                        "product_name", "Spool", "product_version", settings.productVersion());
        int queues = 0;
        for (VirtualHost vhost : broker.vhosts()) {
            queues += vhost.queues().size();
        }
        gauge(out, "rabbitmq_queues", "Queues available", queues);
        gauge(out, "rabbitmq_connections", "Connections currently open", broker.clients().connectionCount());
        gauge(out, "rabbitmq_channels", "Channels currently open", broker.clients().channelCount());
        gauge(out, "rabbitmq_consumers", "Consumers currently connected", sampler.aggregate().consumers());
        long[] totals = broker.clients().totals(null);
        for (int i = 0; i < GLOBAL_COUNTERS.length; i += 2) {
            out.family(GLOBAL_COUNTERS[i], "counter", GLOBAL_COUNTERS[i + 1])
                    .sample(GLOBAL_COUNTERS[i], totals[counterIndex(i / 2)]);
        }
        long delivered = totals[MessageCounters.DELIVERED_CONSUME_AUTO_ACK]
                + totals[MessageCounters.DELIVERED_CONSUME_MANUAL_ACK] + totals[MessageCounters.DELIVERED_GET_AUTO_ACK]
                + totals[MessageCounters.DELIVERED_GET_MANUAL_ACK];
        out.family("rabbitmq_global_messages_delivered_total", "counter",
                "Total number of messages delivered to consumers").sample("rabbitmq_global_messages_delivered_total",
                delivered);
        gauge(out, "rabbitmq_process_resident_memory_bytes",
                "Memory used in bytes (the JVM's heap in use after the latest collection)",
                resources.memoryUsedBytes());
        gauge(out, "rabbitmq_resident_memory_limit_bytes",
                "Memory high watermark in bytes (memory.high_watermark of the maximum heap)",
                resources.memoryLimitBytes());
        gauge(out, "rabbitmq_disk_space_available_bytes", "Disk space available in bytes", resources.diskFreeBytes());
        gauge(out, "rabbitmq_disk_space_available_limit_bytes",
                "Free disk space low watermark in bytes", resources.diskFreeLimitBytes());
        gauge(out, "rabbitmq_alarms_memory_used_watermark", "is 1 if VM memory watermark alarm is in effect",
                resources.memoryAlarm() ? 1 : 0);
        gauge(out, "rabbitmq_alarms_free_disk_space_watermark", "is 1 if free disk space watermark alarm is in effect",
                resources.diskAlarm() ? 1 : 0);
    }

    /** The {@link MessageCounters} index of the {@code n}-th entry of {@link #GLOBAL_COUNTERS}. */
    private static int counterIndex(int n) {
        switch (n) {
            case 0: return MessageCounters.RECEIVED;
            case 1: return MessageCounters.RECEIVED_CONFIRM;
            case 2: return MessageCounters.ROUTED;
            case 3: return MessageCounters.UNROUTABLE_DROPPED;
            case 4: return MessageCounters.UNROUTABLE_RETURNED;
            case 5: return MessageCounters.CONFIRMED;
            case 6: return MessageCounters.DELIVERED_CONSUME_AUTO_ACK;
            case 7: return MessageCounters.DELIVERED_CONSUME_MANUAL_ACK;
            case 8: return MessageCounters.DELIVERED_GET_AUTO_ACK;
            case 9: return MessageCounters.DELIVERED_GET_MANUAL_ACK;
            case 10: return MessageCounters.GET_EMPTY;
            case 11: return MessageCounters.REDELIVERED;
            default: return MessageCounters.ACKNOWLEDGED;
        }
    }

    private static void gauge(PrometheusText out, String name, String help, double value) {
        out.family(name, "gauge", help).sample(name, value);
    }
}
