package dev.spool.management.api;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.client.ClientChannel;
import dev.spool.engine.client.ClientConnection;
import dev.spool.engine.client.ClientConsumer;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.queue.Queue;
import dev.spool.management.stats.SampleRing;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients: {@code /api/connections} (list, per vhost, show, DELETE to close with 320 CONNECTION_FORCED and the
 * {@code X-Reason} header's text), {@code /api/connections/{name}/channels}, {@code /api/channels} (list, per vhost,
 * show) and {@code /api/consumers} (list, per vhost). Monitoring users see every client; others see their own.
 */
final class ConnectionsApi {
    private static final String DEFAULT_CLOSE_REASON = "Closed via management plugin";

    private final Node node;

    ConnectionsApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/connections", ctx -> Paging.respond(ctx, connections(ctx, null)));
        routes.get("/api/vhosts/{vhost}/connections", ctx -> Paging.respond(ctx,
                connections(ctx, node.vhost(ctx).name())));
        routes.get("/api/connections/{name}", ctx -> Json.ok(ctx, connectionJson(visible(ctx), channelCounts())));
        routes.delete("/api/connections/{name}", this::close);
        routes.get("/api/connections/{name}/channels", this::channelsOf);
        routes.get("/api/channels", ctx -> Paging.respond(ctx, channels(ctx, null, null)));
        routes.get("/api/vhosts/{vhost}/channels", ctx -> Paging.respond(ctx,
                channels(ctx, node.vhost(ctx).name(), null)));
        routes.get("/api/channels/{name}", this::showChannel);
        routes.get("/api/consumers", ctx -> Json.ok(ctx, consumers(ctx, null)));
        routes.get("/api/consumers/{vhost}", ctx -> Json.ok(ctx, consumers(ctx, node.vhost(ctx).name())));
    }

    private boolean sees(Access.Caller caller, ClientConnection connection) {
        return caller.monitoring() || caller.name().equals(connection.user());
    }

    private List<Map<String, Object>> connections(Context ctx, String vhost) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        Map<ClientConnection, Integer> channelCounts = channelCounts();
        for (ClientConnection connection : node.broker().clients().connections()) {
            if (sees(caller, connection) && (vhost == null || vhost.equals(connection.vhost()))) {
                items.add(connectionJson(connection, channelCounts));
            }
        }
        return items;
    }

    /** Open channels per connection, counted in one pass. */
    private Map<ClientConnection, Integer> channelCounts() {
        Map<ClientConnection, Integer> counts = new IdentityHashMap<>();
        for (ClientChannel channel : node.broker().clients().channels()) {
            counts.merge(channel.connection(), 1, Integer::sum);
        }
        return counts;
    }

    private ClientConnection visible(Context ctx) {
        ClientConnection connection = node.broker().clients().connection(ctx.pathParam("name"));
        if (connection == null || !sees(Access.caller(ctx), connection)) {
            throw ApiError.notFound();
        }
        return connection;
    }

    private void close(Context ctx) {
        ClientConnection connection = visible(ctx);
        Access.Caller caller = Access.caller(ctx);
        if (!caller.administrator() && !caller.name().equals(connection.user())) {
            throw ApiError.forbidden("Not administrator user");
        }
        String reason = ctx.header("X-Reason");
        connection.close(reason == null || reason.isBlank() ? DEFAULT_CLOSE_REASON : reason);
        ctx.status(204);
    }

    private void channelsOf(Context ctx) {
        ClientConnection connection = visible(ctx);
        Paging.respond(ctx, channels(ctx, null, connection));
    }

    private List<Map<String, Object>> channels(Context ctx, String vhost, ClientConnection of) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ClientChannel channel : node.broker().clients().channels()) {
            ClientConnection connection = channel.connection();
            if (sees(caller, connection) && (vhost == null || vhost.equals(connection.vhost()))
                    && (of == null || of == connection)) {
                items.add(channelJson(channel, ctx));
            }
        }
        return items;
    }

    private void showChannel(Context ctx) {
        String name = ctx.pathParam("name");
        for (ClientChannel channel : node.broker().clients().channels()) {
            if (channel.name().equals(name) && sees(Access.caller(ctx), channel.connection())) {
                Json.ok(ctx, channelJson(channel, ctx));
                return;
            }
        }
        throw ApiError.notFound();
    }

    private List<Map<String, Object>> consumers(Context ctx, String vhost) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ClientChannel channel : node.broker().clients().channels()) {
            ClientConnection connection = channel.connection();
            if (!sees(caller, connection) || (vhost != null && !vhost.equals(connection.vhost()))) {
                continue;
            }
            for (ClientConsumer consumer : channel.consumers()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("arguments", Json.plainMap(consumer.arguments()));
                c.put("ack_required", consumer.ackRequired());
                String activity = activityStatus(connection.vhost(), consumer);
                c.put("active", !"waiting".equals(activity));
                c.put("activity_status", activity);
                c.put("channel_details", channelDetails(channel));
                c.put("consumer_tag", consumer.tag());
                c.put("exclusive", consumer.exclusive());
                c.put("prefetch_count", consumer.prefetch());
                c.put("queue", Map.of("name", consumer.queue(), "vhost", connection.vhost()));
                items.add(c);
            }
        }
        return items;
    }

    /**
     * RabbitMQ's {@code activity_status}: {@code single_active} or {@code waiting} on a single-active-consumer queue
     * (matched by tag: a tag is unique per channel, and two channels' consumers sharing one on the same queue is not
     * told apart), {@code up} elsewhere.
     */
    private String activityStatus(String vhostName, ClientConsumer consumer) {
        VirtualHost vhost = node.broker().vhost(vhostName);
        Queue queue = vhost == null ? null : vhost.findQueue(consumer.queue());
        if (queue == null || !queue.effectiveSettings().singleActiveConsumer()) {
            return "up";
        }
        return consumer.tag().equals(queue.singleActiveConsumerTag()) ? "single_active" : "waiting";
    }

    private Map<String, Object> channelDetails(ClientChannel channel) {
        ClientConnection connection = channel.connection();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("connection_name", connection.name());
        d.put("name", channel.name());
        d.put("node", node.settings().nodeName());
        d.put("number", channel.number());
        d.put("peer_host", connection.peerHost());
        d.put("peer_port", connection.peerPort());
        d.put("user", connection.user());
        return d;
    }

    private Map<String, Object> connectionJson(ClientConnection connection,
                                               Map<ClientConnection, Integer> channelCounts) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", connection.name());
        c.put("node", node.settings().nodeName());
        c.put("vhost", connection.vhost());
        c.put("user", connection.user());
        c.put("user_who_performed_action", connection.user());
        c.put("state", "running");
        c.put("channels", channelCounts.getOrDefault(connection, 0));
        c.put("protocol", connection.protocol());
        c.put("auth_mechanism", "PLAIN");
        c.put("type", "network");
        c.put("ssl", false);
        c.put("host", connection.host());
        c.put("port", connection.port());
        c.put("peer_host", connection.peerHost());
        c.put("peer_port", connection.peerPort());
        c.put("connected_at", connection.connectedAtMillis());
        c.put("timeout", connection.heartbeatSeconds());
        c.put("frame_max", connection.frameMax());
        c.put("channel_max", connection.channelMax());
        Map<String, Object> properties = Json.plainMap(connection.clientProperties());
        c.put("client_properties", properties);
        Object providedName = properties.get("connection_name");
        c.put("user_provided_name", providedName == null ? null : providedName.toString());
        return c;
    }

    private Map<String, Object> channelJson(ClientChannel channel, Context ctx) {
        ClientConnection connection = channel.connection();
        SampleRing ring = node.sampler().channel(channel);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", channel.name());
        c.put("node", node.settings().nodeName());
        c.put("number", channel.number());
        c.put("user", connection.user());
        c.put("vhost", connection.vhost());
        c.put("state", "running");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", connection.name());
        details.put("peer_host", connection.peerHost());
        details.put("peer_port", connection.peerPort());
        c.put("connection_details", details);
        c.put("consumer_count", channel.consumerCount());
        c.put("messages_unacknowledged", channel.unacknowledged());
        c.put("messages_unconfirmed", 0);
        c.put("messages_uncommitted", 0);
        c.put("acks_uncommitted", 0);
        c.put("prefetch_count", channel.prefetchCount());
        c.put("global_prefetch_count", channel.globalPrefetchCount());
        c.put("confirm", channel.confirm());
        c.put("transactional", channel.transactional());
        long[] counts = new long[MessageCounters.COUNT];
        channel.counters().addTo(counts);
        c.put("message_stats", OverviewApi.messageStats(counts, ring, ctx));
        return c;
    }
}
