package dev.spool.management.api;

import dev.spool.engine.Broker;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.TopicPermission;
import dev.spool.engine.auth.User;
import dev.spool.engine.limits.Limits;
import dev.spool.engine.limits.UserLimits;
import dev.spool.engine.limits.VhostLimits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic permissions ({@code /api/topic-permissions}) and per-virtual-host and per-user limits
 * ({@code /api/vhost-limits}, {@code /api/user-limits}), administrator only, with RabbitMQ's paths and JSON. Every
 * change is stored with the definitions and survives a restart.
 */
final class SecuritySettingsApi {
    private static final String MAX_CONNECTIONS = "max-connections";
    private static final String MAX_QUEUES = "max-queues";
    private static final String MAX_CHANNELS = "max-channels";

    private final Node node;

    SecuritySettingsApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/topic-permissions", ctx -> topicPermissions(ctx, null, null));
        routes.get("/api/topic-permissions/{vhost}/{user}",
                ctx -> topicPermissions(ctx, node.vhost(ctx).name(), ctx.pathParam("user")));
        routes.put("/api/topic-permissions/{vhost}/{user}", this::putTopicPermission);
        routes.delete("/api/topic-permissions/{vhost}/{user}", this::deleteTopicPermission);
        routes.get("/api/users/{user}/topic-permissions", ctx -> topicPermissions(ctx, null, ctx.pathParam("user")));
        routes.get("/api/vhosts/{vhost}/topic-permissions",
                ctx -> topicPermissions(ctx, node.vhost(ctx).name(), null));
        routes.get("/api/vhost-limits", ctx -> vhostLimits(ctx, null));
        routes.get("/api/vhost-limits/{vhost}", ctx -> vhostLimits(ctx, node.vhost(ctx).name()));
        routes.put("/api/vhost-limits/{vhost}/{name}", this::putVhostLimit);
        routes.delete("/api/vhost-limits/{vhost}/{name}", this::deleteVhostLimit);
        routes.get("/api/user-limits", ctx -> userLimits(ctx, null));
        routes.get("/api/user-limits/{user}", ctx -> userLimits(ctx, ctx.pathParam("user")));
        routes.put("/api/user-limits/{user}/{name}", this::putUserLimit);
        routes.delete("/api/user-limits/{user}/{name}", this::deleteUserLimit);
    }

    // ---- topic permissions --------------------------------------------------------------------------------------

    private void topicPermissions(Context ctx, String onlyVhost, String onlyUser) {
        node.access().requireAdministrator(Access.caller(ctx));
        if (onlyUser != null && node.broker().users().get(onlyUser) == null) {
            throw ApiError.notFound();
        }
        List<Map<String, Object>> items = topicPermissionsJson(node.broker(), onlyVhost, onlyUser);
        if (onlyVhost != null && onlyUser != null && items.isEmpty()) {
            throw ApiError.notFound();
        }
        Paging.respond(ctx, items);
    }

    /** Every topic permission (of one vhost and/or user when given), as RabbitMQ lists and exports them. */
    static List<Map<String, Object>> topicPermissionsJson(Broker broker, String onlyVhost, String onlyUser) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (User user : broker.users().list()) {
            if (onlyUser != null && !onlyUser.equals(user.name())) {
                continue;
            }
            for (VirtualHost vhost : broker.vhosts()) {
                if (onlyVhost != null && !onlyVhost.equals(vhost.name())) {
                    continue;
                }
                for (TopicPermission permission : broker.topicPermissions().list(user.name(), vhost.name())) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("user", user.name());
                    p.put("vhost", vhost.name());
                    p.put("exchange", permission.exchange());
                    p.put("write", permission.write());
                    p.put("read", permission.read());
                    items.add(p);
                }
            }
        }
        items.sort((a, b) -> (a.get("user") + "\u0000" + a.get("vhost") + "\u0000" + a.get("exchange"))
                .compareTo(b.get("user") + "\u0000" + b.get("vhost") + "\u0000" + b.get("exchange")));
        return items;
    }

    private void putTopicPermission(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        VirtualHost vhost = node.vhost(ctx);
        String user = existingUser(ctx);
        Map<String, Object> body = Json.body(ctx);
        for (String field : new String[] {"exchange", "write", "read"}) {
            if (!body.containsKey(field)) {
                throw ApiError.badRequest(field + " not found");
            }
        }
        String exchange = Json.text(body, "exchange", "");
        boolean existed = node.broker().topicPermissions().get(user, vhost.name(), exchange) != null;
        node.broker().topicPermissions().set(user, vhost.name(), new TopicPermission(exchange,
                Json.text(body, "write", ""), Json.text(body, "read", "")));
        ctx.status(existed ? 204 : 201);
    }

    private void deleteTopicPermission(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        VirtualHost vhost = node.vhost(ctx);
        String user = existingUser(ctx);
        if (node.broker().topicPermissions().list(user, vhost.name()).isEmpty()) {
            throw ApiError.notFound();
        }
        String exchange = ctx.queryParam("exchange");
        if (exchange == null) {
            node.broker().topicPermissions().clear(user, vhost.name());
        } else {
            node.broker().topicPermissions().clear(user, vhost.name(), exchange);
        }
        ctx.status(204);
    }

    private String existingUser(Context ctx) {
        String user = ctx.pathParam("user");
        if (node.broker().users().get(user) == null) {
            throw ApiError.notFound();
        }
        return user;
    }

    // ---- limits -------------------------------------------------------------------------------------------------

    private void vhostLimits(Context ctx, String onlyVhost) {
        node.access().requireAdministrator(Access.caller(ctx));
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : node.broker().vhosts()) {
            if (onlyVhost != null && !onlyVhost.equals(vhost.name())) {
                continue;
            }
            Map<String, Object> value = vhostLimitsValue(node.broker().limits().ownVhostLimits(vhost.name()));
            if (!value.isEmpty()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("vhost", vhost.name());
                item.put("value", value);
                items.add(item);
            }
        }
        items.sort((a, b) -> a.get("vhost").toString().compareTo(b.get("vhost").toString()));
        Json.ok(ctx, items);
    }

    /** The limits set for a virtual host as RabbitMQ shows them ({@code max-connections}, {@code max-queues}). */
    static Map<String, Object> vhostLimitsValue(VhostLimits limits) {
        Map<String, Object> value = new LinkedHashMap<>();
        if (limits != null && limits.maxConnections() >= 0) {
            value.put(MAX_CONNECTIONS, limits.maxConnections());
        }
        if (limits != null && limits.maxQueues() >= 0) {
            value.put(MAX_QUEUES, limits.maxQueues());
        }
        return value;
    }

    /** The limits set for a user as RabbitMQ shows them ({@code max-connections}, {@code max-channels}). */
    static Map<String, Object> userLimitsValue(UserLimits limits) {
        Map<String, Object> value = new LinkedHashMap<>();
        if (limits != null && limits.maxConnections() >= 0) {
            value.put(MAX_CONNECTIONS, limits.maxConnections());
        }
        if (limits != null && limits.maxChannels() >= 0) {
            value.put(MAX_CHANNELS, limits.maxChannels());
        }
        return value;
    }

    private void putVhostLimit(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        VirtualHost vhost = node.vhost(ctx);
        int value = limitValue(Json.body(ctx));
        setVhostLimit(node.broker().limits(), vhost.name(), ctx.pathParam("name"), value);
        ctx.status(204);
    }

    private void deleteVhostLimit(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        VirtualHost vhost = node.vhost(ctx);
        setVhostLimit(node.broker().limits(), vhost.name(), ctx.pathParam("name"), -1);
        ctx.status(204);
    }

    /** Sets (or, with a negative value, clears) one limit of a virtual host; 400 for an unknown limit name. */
    static void setVhostLimit(Limits limits, String vhost, String name, int value) {
        VhostLimits own = limits.ownVhostLimits(vhost);
        VhostLimits current = own == null ? VhostLimits.NONE : own;
        VhostLimits next = switch (name) {
            case MAX_CONNECTIONS -> current.withMaxConnections(value);
            case MAX_QUEUES -> current.withMaxQueues(value);
            default -> throw ApiError.badRequest("Validation failed\n\nUnrecognised terms [{<<\"" + name
                    + "\">>," + value + "}] in limits\n");
        };
        if (next.equals(VhostLimits.NONE)) {
            limits.clearVhostLimits(vhost);
        } else {
            limits.setVhostLimits(vhost, next);
        }
    }

    private void userLimits(Context ctx, String onlyUser) {
        node.access().requireAdministrator(Access.caller(ctx));
        if (onlyUser != null && node.broker().users().get(onlyUser) == null) {
            throw ApiError.notFound();
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (User user : node.broker().users().list()) {
            if (onlyUser != null && !onlyUser.equals(user.name())) {
                continue;
            }
            Map<String, Object> value = userLimitsValue(node.broker().limits().ownUserLimits(user.name()));
            if (!value.isEmpty()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("user", user.name());
                item.put("value", value);
                items.add(item);
            }
        }
        items.sort((a, b) -> a.get("user").toString().compareTo(b.get("user").toString()));
        Json.ok(ctx, items);
    }

    private void putUserLimit(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        String user = existingUser(ctx);
        setUserLimit(node.broker().limits(), user, ctx.pathParam("name"), limitValue(Json.body(ctx)));
        ctx.status(204);
    }

    private void deleteUserLimit(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        String user = existingUser(ctx);
        setUserLimit(node.broker().limits(), user, ctx.pathParam("name"), -1);
        ctx.status(204);
    }

    /** Sets (or, with a negative value, clears) one limit of a user; 400 for an unknown limit name. */
    static void setUserLimit(Limits limits, String user, String name, int value) {
        UserLimits own = limits.ownUserLimits(user);
        UserLimits current = own == null ? UserLimits.NONE : own;
        UserLimits next = switch (name) {
            case MAX_CONNECTIONS -> current.withMaxConnections(value);
            case MAX_CHANNELS -> current.withMaxChannels(value);
            default -> throw ApiError.badRequest("Validation failed\n\nUnrecognised terms [{<<\"" + name
                    + "\">>," + value + "}] in limits\n");
        };
        if (next.equals(UserLimits.NONE)) {
            limits.clearUserLimits(user);
        } else {
            limits.setUserLimits(user, next);
        }
    }

    private static int limitValue(Map<String, Object> body) {
        if (!body.containsKey("value")) {
            throw ApiError.badRequest("value not found");
        }
        long value = Json.number(body, "value", -1);
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(-1, value);
    }
}
