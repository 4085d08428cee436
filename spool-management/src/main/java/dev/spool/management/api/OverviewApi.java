package dev.spool.management.api;

import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import dev.spool.management.stats.Aggregate;
import dev.spool.management.stats.SampleRing;
import dev.spool.management.stats.Sampler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node as a whole: {@code /api/overview}, {@code /api/nodes} (this single node) and the health checks
 * ({@code /api/health/checks/alarms} and {@code local-alarms}, 503 while a resource alarm is on;
 * {@code virtual-hosts}, {@code port-listener/{port}}, {@code protocol-listener/{protocol}},
 * {@code node-is-quorum-critical}; {@code /api/aliveness-test/{vhost}}).
 */
final class OverviewApi {
    private final Node node;
    private final NodeFacts facts;

    OverviewApi(Node node) {
        this.node = node;
        this.facts = new NodeFacts(node.settings(), node.resources());
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/overview", this::overview);
        routes.get("/api/cluster-name", ctx -> Json.ok(ctx, Map.of("name", node.settings().nodeName())));
        routes.get("/api/nodes", ctx -> {
            node.access().requireMonitoring(Access.caller(ctx));
            Json.ok(ctx, List.of(facts.json(ctx.port())));
        });
        routes.get("/api/nodes/{node}", ctx -> {
            node.access().requireMonitoring(Access.caller(ctx));
            if (!node.settings().nodeName().equals(ctx.pathParam("node"))) {
                throw ApiError.notFound();
            }
            Json.ok(ctx, facts.json(ctx.port()));
        });
        routes.get("/api/extensions", ctx -> Json.ok(ctx, List.of()));
        routes.get("/api/health/checks/alarms",
                ctx -> alarms(ctx, "There are alarms in effect in the cluster"));
        routes.get("/api/health/checks/local-alarms", ctx -> alarms(ctx, "There are alarms in effect on the node"));
        routes.get("/api/health/checks/virtual-hosts", this::ok);
        routes.get("/api/health/checks/node-is-quorum-critical", this::ok);
        routes.get("/api/health/checks/node-is-mirror-sync-critical", this::ok);
        routes.get("/api/health/checks/certificate-expiration/{within}/{unit}", this::ok);
        routes.get("/api/health/checks/port-listener/{port}", this::portListener);
        routes.get("/api/health/checks/protocol-listener/{protocol}", this::protocolListener);
        routes.get("/api/aliveness-test/{vhost}", this::aliveness);
    }

    private void ok(Context ctx) {
        Json.ok(ctx, Map.of("status", "ok"));
    }

    /** RabbitMQ's alarm health checks: 200 {@code {"status": "ok"}}, or 503 with the alarms in effect. */
    private void alarms(Context ctx, String reason) {
        List<Map<String, Object>> alarms = facts.alarms();
        if (alarms.isEmpty()) {
            ok(ctx);
            return;
        }
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("status", "failed");
        failed.put("reason", reason);
        failed.put("alarms", alarms);
        Json.write(ctx, 503, failed);
    }

    private void portListener(Context ctx) {
        String port = ctx.pathParam("port");
        if (port.equals(Integer.toString(node.settings().amqpPort())) || port.equals(Integer.toString(ctx.port()))) {
            Json.ok(ctx, Map.of("status", "ok", "port", Integer.parseInt(port)));
        } else {
            Json.write(ctx, 503, Map.of("status", "failed", "reason", "No active listener", "missing",
                    Integer.parseInt(port), "ports", List.of(node.settings().amqpPort(), ctx.port())));
        }
    }

    private void protocolListener(Context ctx) {
        String protocol = ctx.pathParam("protocol");
        if (List.of("amqp", "amqp091", "amqp0-9-1", "http").contains(protocol)) {
            Json.ok(ctx, Map.of("status", "ok", "protocol", protocol));
        } else {
            Json.write(ctx, 503, Map.of("status", "failed", "reason", "No active listener", "missing", protocol,
                    "protocols", List.of("amqp", "http")));
        }
    }

    /** RabbitMQ's aliveness test: declare {@code aliveness-test}, publish a message to it and get it back. */
    private void aliveness(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVhostAccess(Access.caller(ctx), vhost.name());
        String name = "aliveness-test";
        vhost.declareQueue(name, false, new QueueSettings(false, false, false, Map.of()), Node.OWNER);
        Message message = node.format().create("", name, Map.of(), "test_message".getBytes(StandardCharsets.UTF_8),
                node.broker().clock().millis());
        vhost.publish("", message, new PublishScratch(null), 0);
        Queue queue = vhost.findQueue(name);
        GetResult got = queue == null ? null : queue.get(true);
        if (got == null || !"test_message".equals(new String(got.message().body(), StandardCharsets.UTF_8))) {
            Json.write(ctx, 503, Map.of("status", "failed", "reason", "aliveness test message not received"));
            return;
        }
        Json.ok(ctx, Map.of("status", "ok"));
    }

    private void overview(Context ctx) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("management_version", ManagementVersion.rabbitmq());
        o.put("rates_mode", "basic");
        o.put("sample_retention_policies", Map.of("global", List.of(600), "basic", List.of(600),
                "detailed", List.of(600)));
        o.put("exchange_types", NodeFacts.exchangeTypes());
        o.put("product_version", node.settings().productVersion());
        o.put("product_name", "Spool");
        o.put("rabbitmq_version", ManagementVersion.rabbitmq());
        o.put("cluster_name", node.settings().nodeName());
        o.put("erlang_version", "none (Java " + Runtime.version().feature() + ")");
        o.put("erlang_full_version", "Java " + Runtime.version());
        o.put("release_series_support_status", "supported");
        o.put("disable_stats", false);
        o.put("enable_queue_totals", true);
        o.put("statistics_db_event_queue", 0);
        o.put("node", node.settings().nodeName());
        SampleRing global = node.sampler().global();
        o.put("message_stats", messageStats(node.broker().clients().totals(null), global, ctx));
        Aggregate totals = node.sampler().aggregate();
        Map<String, Object> queueTotals = new LinkedHashMap<>();
        Rates.depth(queueTotals, "messages", global, Sampler.MESSAGES, totals.messages(), ctx);
        Rates.depth(queueTotals, "messages_ready", global, Sampler.READY, totals.ready(), ctx);
        Rates.depth(queueTotals, "messages_unacknowledged", global, Sampler.UNACKED, totals.unacked(), ctx);
        o.put("queue_totals", queueTotals);
        Map<String, Object> objects = new LinkedHashMap<>();
        int exchanges = 0;
        int queues = 0;
        for (VirtualHost vhost : node.broker().vhosts()) {
            exchanges += vhost.exchanges().size();
            queues += vhost.queues().size();
        }
        objects.put("channels", node.broker().clients().channelCount());
        objects.put("connections", node.broker().clients().connectionCount());
        objects.put("consumers", totals.consumers());
        objects.put("exchanges", exchanges);
        objects.put("queues", queues);
        o.put("object_totals", objects);
        o.put("listeners", facts.listeners(ctx.port()));
        o.put("contexts", facts.contexts(ctx.port()));
        Json.ok(ctx, o);
    }

    /** RabbitMQ's {@code message_stats} from channel counters (indexed by {@link MessageCounters}) and their ring. */
    static Map<String, Object> messageStats(long[] c, SampleRing ring, Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        Rates.counter(m, "publish", ring, MessageCounters.RECEIVED, c[MessageCounters.RECEIVED], ctx);
        Rates.counter(m, "confirm", ring, MessageCounters.CONFIRMED, c[MessageCounters.CONFIRMED], ctx);
        Rates.counter(m, "return_unroutable", ring, MessageCounters.UNROUTABLE_RETURNED,
                c[MessageCounters.UNROUTABLE_RETURNED], ctx);
        Rates.counter(m, "drop_unroutable", ring, MessageCounters.UNROUTABLE_DROPPED,
                c[MessageCounters.UNROUTABLE_DROPPED], ctx);
        Rates.counter(m, "deliver", ring, MessageCounters.DELIVERED_CONSUME_MANUAL_ACK,
                c[MessageCounters.DELIVERED_CONSUME_MANUAL_ACK], ctx);
        Rates.counter(m, "deliver_no_ack", ring, MessageCounters.DELIVERED_CONSUME_AUTO_ACK,
                c[MessageCounters.DELIVERED_CONSUME_AUTO_ACK], ctx);
        Rates.counter(m, "get", ring, MessageCounters.DELIVERED_GET_MANUAL_ACK,
                c[MessageCounters.DELIVERED_GET_MANUAL_ACK], ctx);
        Rates.counter(m, "get_no_ack", ring, MessageCounters.DELIVERED_GET_AUTO_ACK,
                c[MessageCounters.DELIVERED_GET_AUTO_ACK], ctx);
        Rates.counter(m, "get_empty", ring, MessageCounters.GET_EMPTY, c[MessageCounters.GET_EMPTY], ctx);
        m.put("deliver_get", c[MessageCounters.DELIVERED_CONSUME_MANUAL_ACK]
                + c[MessageCounters.DELIVERED_CONSUME_AUTO_ACK] + c[MessageCounters.DELIVERED_GET_MANUAL_ACK]
                + c[MessageCounters.DELIVERED_GET_AUTO_ACK]);
        m.put("deliver_get_details", Json.rate(QueuesApi.sumRate(ring, MessageCounters.DELIVERED_CONSUME_MANUAL_ACK,
                MessageCounters.DELIVERED_CONSUME_AUTO_ACK, MessageCounters.DELIVERED_GET_MANUAL_ACK,
                MessageCounters.DELIVERED_GET_AUTO_ACK)));
        Rates.counter(m, "redeliver", ring, MessageCounters.REDELIVERED, c[MessageCounters.REDELIVERED], ctx);
        Rates.counter(m, "ack", ring, MessageCounters.ACKNOWLEDGED, c[MessageCounters.ACKNOWLEDGED], ctx);
        return m;
    }

    /** Listed to satisfy clients that read exchange types from the overview. */
    static List<Map<String, Object>> typesOf(List<String> names) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : names) {
            out.add(Map.of("name", name, "description", "AMQP " + name + " exchange", "enabled", true));
        }
        return out;
    }
}
