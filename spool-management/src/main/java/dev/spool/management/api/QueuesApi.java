package dev.spool.management.api;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.dedup.DeduplicationWindow;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.policy.PolicyDefinitions;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import dev.spool.engine.queue.QueueStats;
import dev.spool.management.stats.SampleRing;
import dev.spool.management.stats.Sampler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/queues}: list (all, per vhost), show, declare (PUT), delete (with {@code if-empty} / {@code if-unused}),
 * purge ({@code DELETE .../contents}) and the queue's bindings, in RabbitMQ's JSON. Beyond RabbitMQ, each queue reports
 * {@code oldest_ready_age_ms} and {@code oldest_unacked_age_ms}, and a deduplicating queue its {@code deduplication}
 * window; {@code consumer_utilisation} is computed from the time consumers spent out of credit while messages waited.
 */
final class QueuesApi {
    private final Node node;

    QueuesApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/queues", this::listAll);
        routes.get("/api/queues/{vhost}", this::listVhost);
        routes.get("/api/queues/{vhost}/{name}", this::show);
        routes.put("/api/queues/{vhost}/{name}", this::declare);
        routes.delete("/api/queues/{vhost}/{name}", this::delete);
        routes.delete("/api/queues/{vhost}/{name}/contents", this::purge);
        routes.get("/api/queues/{vhost}/{name}/bindings", this::bindings);
    }

    private void listAll(Context ctx) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : node.broker().vhosts()) {
            if (node.access().canSee(caller, vhost.name())) {
                addQueues(items, vhost, ctx);
            }
        }
        Paging.respond(ctx, items);
    }

    private void listVhost(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        List<Map<String, Object>> items = new ArrayList<>();
        addQueues(items, vhost, ctx);
        Paging.respond(ctx, items);
    }

    private void addQueues(List<Map<String, Object>> items, VirtualHost vhost, Context ctx) {
        for (Queue queue : vhost.queues()) {
            items.add(json(queue, ctx));
        }
    }

    private void show(Context ctx) {
        Queue queue = existing(ctx);
        Json.ok(ctx, json(queue, ctx));
    }

    /** The queue named in the path, visible to the caller; 404 when missing. */
    Queue existing(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        Queue queue = vhost.findQueue(ctx.pathParam("name"));
        if (queue == null) {
            throw ApiError.notFound();
        }
        return queue;
    }

    private void declare(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = ctx.pathParam("name");
        node.access().requireConfigure(Access.caller(ctx), vhost.name(), "queue", name);
        Map<String, Object> body = Json.body(ctx);
        if (name.isEmpty()) {
            throw ApiError.badRequest("queue name must not be empty");
        }
        boolean existed = vhost.findQueue(name) != null;
        QueueSettings settings = new QueueSettings(Json.bool(body, "durable", true), false,
                Json.bool(body, "auto_delete", false), Json.object(body, "arguments"));
        vhost.declareQueue(name, false, settings, Node.OWNER);
        ctx.status(existed ? 204 : 201);
    }

    private void delete(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = ctx.pathParam("name");
        node.access().requireConfigure(Access.caller(ctx), vhost.name(), "queue", name);
        Queue queue = vhost.findQueue(name);
        if (queue == null) {
            throw ApiError.notFound();
        }
        vhost.deleteQueue(name, "true".equals(ctx.queryParam("if-unused")), "true".equals(ctx.queryParam("if-empty")),
                queue.exclusiveOwner());
        ctx.status(204);
    }

    private void purge(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = ctx.pathParam("name");
        node.access().requireRead(Access.caller(ctx), vhost.name(), "queue", name);
        Queue queue = vhost.findQueue(name);
        if (queue == null) {
            throw ApiError.notFound();
        }
        queue.purge();
        ctx.status(204);
    }

    private void bindings(Context ctx) {
        Queue queue = existing(ctx);
        VirtualHost vhost = node.vhost(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Binding binding : vhost.bindings()) {
            if (binding.destinationIsQueue() && binding.destination().equals(queue.name())) {
                items.add(BindingsApi.json(vhost.name(), binding));
            }
        }
        Paging.respond(ctx, items);
    }

    /** A queue as RabbitMQ's {@code /api/queues} shows it. */
    Map<String, Object> json(Queue queue, Context ctx) {
        SampleRing ring = node.sampler().queue(queue);
        QueueStats stats = queue.stats();
        long now = node.broker().clock().millis();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("name", queue.name());
        q.put("vhost", queue.vhostName());
        q.put("durable", queue.settings().durable());
        q.put("auto_delete", queue.settings().autoDelete());
        q.put("exclusive", queue.settings().exclusive());
        q.put("arguments", Json.plainMap(queue.settings().arguments()));
        q.put("node", node.settings().nodeName());
        q.put("type", "classic");
        q.put("state", "running");
        EffectiveQueueSettings effective = queue.effectiveSettings();
        VirtualHost vhost = node.broker().vhost(queue.vhostName());
        CompiledPolicy policy = vhost == null || effective.policy() == null ? null
                : vhost.policies().get(effective.policy(), false);
        CompiledPolicy operatorPolicy = vhost == null || effective.operatorPolicy() == null ? null
                : vhost.policies().get(effective.operatorPolicy(), true);
        q.put("policy", effective.policy());
        q.put("operator_policy", effective.operatorPolicy());
        q.put("effective_policy_definition", PolicyDefinitions.effective(policy, operatorPolicy));
        q.put("exclusive_consumer_tag", null);
        q.put("single_active_consumer_tag", queue.singleActiveConsumerTag());
        int consumers = queue.consumerCount();
        q.put("consumers", consumers);
        Double utilisation = utilisation(ring, consumers);
        q.put("consumer_utilisation", utilisation);
        q.put("consumer_capacity", utilisation == null ? 0.0 : utilisation);
        long ready = queue.messageCount();
        long unacked = queue.unackedCount();
        Rates.depth(q, "messages", ring, Sampler.QUEUE_MESSAGES, ready + unacked, ctx);
        Rates.depth(q, "messages_ready", ring, Sampler.QUEUE_READY, ready, ctx);
        Rates.depth(q, "messages_unacknowledged", ring, Sampler.QUEUE_UNACKED, unacked, ctx);
        long oldestReady = stats.oldestReadyPublishedAt();
        long oldestUnacked = stats.oldestUnackedDeliveredAt();
        q.put("oldest_ready_age_ms", oldestReady == 0 ? null : Math.max(0, now - oldestReady));
        q.put("oldest_unacked_age_ms", oldestUnacked == 0 ? null : Math.max(0, now - oldestUnacked));
        q.put("message_stats", messageStats(stats, ring, ctx));
        DeduplicationWindow deduplication = queue.deduplication();
        if (deduplication != null) {
            q.put("deduplication", deduplicationJson(deduplication));
        }
        return q;
    }

    /**
     * A deduplicating queue's or exchange's window (a Spool extension, absent when it does not deduplicate): duplicates
     * dropped ({@code hits}), keys remembered ({@code size}) and the most it remembers ({@code capacity}).
     */
    static Map<String, Object> deduplicationJson(DeduplicationWindow window) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("hits", window.hits());
        d.put("size", window.size());
        d.put("capacity", window.capacity());
        d.put("durable", window.durable());
        return d;
    }

    private static Double utilisation(SampleRing ring, int consumers) {
        if (consumers == 0) {
            return null;
        }
        long[] delta = ring == null ? null : ring.lastDelta(Sampler.QUEUE_SATURATED_MILLIS);
        if (delta == null || delta[1] <= 0) {
            return 1.0;
        }
        double saturated = delta[0] / (double) delta[1];
        return Math.round(Math.max(0.0, Math.min(1.0, 1.0 - saturated)) * 1000.0) / 1000.0;
    }

    private static Map<String, Object> messageStats(QueueStats stats, SampleRing ring, Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        Rates.counter(m, "publish", ring, QueueStats.PUBLISHED, stats.get(QueueStats.PUBLISHED), ctx);
        Rates.counter(m, "deliver", ring, QueueStats.DELIVERED, stats.get(QueueStats.DELIVERED), ctx);
        Rates.counter(m, "deliver_no_ack", ring, QueueStats.DELIVERED_NO_ACK,
                stats.get(QueueStats.DELIVERED_NO_ACK), ctx);
        Rates.counter(m, "get", ring, QueueStats.GET, stats.get(QueueStats.GET), ctx);
        Rates.counter(m, "get_no_ack", ring, QueueStats.GET_NO_ACK, stats.get(QueueStats.GET_NO_ACK), ctx);
        long deliverGet = stats.get(QueueStats.DELIVERED) + stats.get(QueueStats.DELIVERED_NO_ACK)
                + stats.get(QueueStats.GET) + stats.get(QueueStats.GET_NO_ACK);
        m.put("deliver_get", deliverGet);
        m.put("deliver_get_details", Json.rate(sumRate(ring, QueueStats.DELIVERED, QueueStats.DELIVERED_NO_ACK,
                QueueStats.GET, QueueStats.GET_NO_ACK)));
        Rates.counter(m, "redeliver", ring, QueueStats.REDELIVERED, stats.get(QueueStats.REDELIVERED), ctx);
        Rates.counter(m, "ack", ring, QueueStats.ACKNOWLEDGED, stats.get(QueueStats.ACKNOWLEDGED), ctx);
        return m;
    }

    static double sumRate(SampleRing ring, int... series) {
        if (ring == null) {
            return 0.0;
        }
        double sum = 0.0;
        for (int s : series) {
            sum += ring.rate(s);
        }
        return sum;
    }
}
