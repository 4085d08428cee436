package dev.spool.management.api;

import dev.spool.engine.VhostMetadata;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.User;
import dev.spool.engine.queue.Queue;
import dev.spool.management.stats.SampleRing;
import dev.spool.management.stats.Sampler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/vhosts}: list (those the caller may see), show, create or update (PUT, administrator; description, tags
 * as a list or a comma-separated string, default queue type; the creator gets full permissions on a new one, as in
 * RabbitMQ), delete (administrator; closes its connections), and
 * {@code /api/vhosts/{vhost}/permissions}.
 */
final class VhostsApi {
    private final Node node;

    VhostsApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/vhosts", this::list);
        routes.get("/api/vhosts/{vhost}", this::show);
        routes.put("/api/vhosts/{vhost}", this::put);
        routes.delete("/api/vhosts/{vhost}", this::delete);
        routes.get("/api/vhosts/{vhost}/permissions", this::permissions);
    }

    private void list(Context ctx) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : node.broker().vhosts()) {
            if (node.access().canSee(caller, vhost.name())) {
                items.add(json(vhost, ctx));
            }
        }
        Paging.respond(ctx, items);
    }

    private void show(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        Json.ok(ctx, json(vhost, ctx));
    }

    private void put(Context ctx) {
        Access.Caller caller = Access.caller(ctx);
        node.access().requireAdministrator(caller);
        String name = Node.vhostParam(ctx);
        Map<String, Object> body = Json.body(ctx);
        boolean existed = node.broker().vhost(name) != null;
        node.broker().createVhost(name, metadata(body));
        if (!existed) {
            // as RabbitMQ does: whoever creates a virtual host over HTTP gets full permissions on it
            node.broker().users().setPermission(caller.name(), name, Permission.ALL);
        }
        ctx.status(existed ? 204 : 201);
    }

    /** Vhost metadata from a PUT body or a definitions entry (top-level fields, or RabbitMQ 3.13's metadata). */
    static VhostMetadata metadata(Map<String, Object> body) {
        Map<String, Object> source = body.get("metadata") instanceof Map ? Json.object(body, "metadata") : body;
        return new VhostMetadata(Json.text(source, "description", Json.text(body, "description", "")),
                tags(source.containsKey("tags") ? source.get("tags") : body.get("tags")),
                Json.text(source, "default_queue_type", Json.text(body, "default_queue_type", "classic")));
    }

    /** Tags given as a list or as RabbitMQ's comma-separated string. */
    static List<String> tags(Object value) {
        List<String> tags = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object tag : list) {
                tags.add(String.valueOf(tag).trim());
            }
        } else if (value != null) {
            for (String tag : value.toString().split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.trim());
                }
            }
        }
        return tags;
    }

    private void delete(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        if (!node.broker().deleteVhost(Node.vhostParam(ctx))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private void permissions(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        VirtualHost vhost = node.vhost(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (User user : node.broker().users().list()) {
            Permission permission = node.broker().users().permission(user.name(), vhost.name());
            if (permission != null) {
                items.add(UsersApi.permissionJson(user.name(), vhost.name(), permission));
            }
        }
        Paging.respond(ctx, items);
    }

    private Map<String, Object> json(VirtualHost vhost, Context ctx) {
        VhostMetadata metadata = node.broker().vhostMetadata(vhost.name());
        SampleRing ring = node.sampler().vhost(vhost.name());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", vhost.name());
        v.put("description", metadata.description());
        v.put("tags", metadata.tags());
        v.put("default_queue_type", metadata.defaultQueueType());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("description", metadata.description());
        meta.put("tags", metadata.tags());
        meta.put("default_queue_type", metadata.defaultQueueType());
        v.put("metadata", meta);
        v.put("tracing", false);
        v.put("cluster_state", Map.of(node.settings().nodeName(), "running"));
        long ready = 0;
        long unacked = 0;
        for (Queue queue : vhost.queues()) {
            ready += queue.messageCount();
            unacked += queue.unackedCount();
        }
        Rates.depth(v, "messages", ring, Sampler.MESSAGES, ready + unacked, ctx);
        Rates.depth(v, "messages_ready", ring, Sampler.READY, ready, ctx);
        Rates.depth(v, "messages_unacknowledged", ring, Sampler.UNACKED, unacked, ctx);
        v.put("message_stats", OverviewApi.messageStats(node.broker().clients().totals(vhost.name()), ring, ctx));
        return v;
    }
}
