package dev.spool.management.api;

import dev.spool.engine.Broker;
import dev.spool.engine.VhostMetadata;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.TopicPermission;
import dev.spool.engine.auth.User;
import dev.spool.engine.auth.Users;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/definitions}: export (GET) and import (POST, a JSON body or a multipart {@code file}) in RabbitMQ's
 * format, broker-wide or for one vhost ({@code /api/definitions/{vhost}}), administrator only. An export from RabbitMQ
 * 3.x imports here: users with SHA-256 hashes and their limits, vhosts with metadata, permissions, topic permissions,
 * vhost limits (the {@code vhost-limits} parameters), policies (applied at once), queues, exchanges and bindings.
 * Other runtime parameters (shovels, federation) and global parameters are accepted and ignored, as Spool has no
 * plugins that use them; exclusive queues, the default exchange, {@code amq.*} exchanges and default-exchange bindings
 * are never exported, as in RabbitMQ.
 */
final class DefinitionsApi {
    private final Node node;

    DefinitionsApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/definitions", ctx -> export(ctx, null));
        routes.get("/api/definitions/{vhost}", ctx -> export(ctx, node.vhost(ctx).name()));
        routes.post("/api/definitions", ctx -> importAll(ctx, null));
        routes.post("/api/definitions/{vhost}", ctx -> importAll(ctx, node.vhost(ctx).name()));
    }

    private void export(Context ctx, String onlyVhost) {
        node.access().requireAdministrator(Access.caller(ctx));
        Broker broker = node.broker();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rabbit_version", ManagementVersion.rabbitmq());
        d.put("rabbitmq_version", ManagementVersion.rabbitmq());
        d.put("product_name", "Spool");
        d.put("product_version", node.settings().productVersion());
        if (onlyVhost == null) {
            d.put("users", users(broker));
            d.put("vhosts", vhosts(broker));
            d.put("permissions", permissions(broker));
            d.put("topic_permissions", SecuritySettingsApi.topicPermissionsJson(broker, null, null));
            d.put("parameters", vhostLimitParameters(broker));
            d.put("global_parameters", List.of(Map.of("name", "cluster_name", "value",
                    node.settings().nodeName())));
        } else {
            d.put("parameters", List.of());
        }
        List<Map<String, Object>> policies = new ArrayList<>();
        List<Map<String, Object>> queues = new ArrayList<>();
        List<Map<String, Object>> exchanges = new ArrayList<>();
        List<Map<String, Object>> bindings = new ArrayList<>();
        for (VirtualHost vhost : broker.vhosts()) {
            if (onlyVhost != null && !onlyVhost.equals(vhost.name())) {
                continue;
            }
            for (CompiledPolicy policy : vhost.policies().list(false)) {
                policies.add(PoliciesApi.json(policy));
            }
            exportObjects(vhost, onlyVhost == null, queues, exchanges, bindings);
        }
        policies.sort((a, b) -> (a.get("vhost") + "\u0000" + a.get("name"))
                .compareTo(b.get("vhost") + "\u0000" + b.get("name")));
        d.put("policies", withoutVhost(policies, onlyVhost));
        d.put("queues", withoutVhost(queues, onlyVhost));
        d.put("exchanges", withoutVhost(exchanges, onlyVhost));
        d.put("bindings", withoutVhost(bindings, onlyVhost));
        String download = ctx.queryParam("download");
        if (download != null && !download.isBlank()) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + download.replace("\"", "") + "\"");
        }
        Json.ok(ctx, d);
    }

    private static List<Map<String, Object>> withoutVhost(List<Map<String, Object>> items, String onlyVhost) {
        if (onlyVhost != null) {
            for (Map<String, Object> item : items) {
                item.remove("vhost");
            }
        }
        return items;
    }

    private static List<Map<String, Object>> users(Broker broker) {
        Users users = broker.users();
        List<Map<String, Object>> out = new ArrayList<>();
        for (User user : users.list()) {
            Map<String, Object> u = UsersApi.json(user, users.passwordHash(user.name()));
            u.put("limits", SecuritySettingsApi.userLimitsValue(broker.limits().ownUserLimits(user.name())));
            out.add(u);
        }
        out.sort((a, b) -> a.get("name").toString().compareTo(b.get("name").toString()));
        return out;
    }

    private static List<Map<String, Object>> vhosts(Broker broker) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (VirtualHost vhost : broker.vhosts()) {
            VhostMetadata metadata = broker.vhostMetadata(vhost.name());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", vhost.name());
            v.put("description", metadata.description());
            v.put("tags", metadata.tags());
            v.put("default_queue_type", metadata.defaultQueueType());
            v.put("metadata", Map.of("description", metadata.description(), "tags", metadata.tags(),
                    "default_queue_type", metadata.defaultQueueType()));
            v.put("limits", List.of());
            out.add(v);
        }
        out.sort((a, b) -> a.get("name").toString().compareTo(b.get("name").toString()));
        return out;
    }

    /** The vhosts' own limits as RabbitMQ exports them: runtime parameters of the {@code vhost-limits} component. */
    private static List<Map<String, Object>> vhostLimitParameters(Broker broker) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (VirtualHost vhost : broker.vhosts()) {
            Map<String, Object> value = SecuritySettingsApi.vhostLimitsValue(broker.limits().ownVhostLimits(
                    vhost.name()));
            if (!value.isEmpty()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("value", value);
                p.put("vhost", vhost.name());
                p.put("component", "vhost-limits");
                p.put("name", "limits");
                out.add(p);
            }
        }
        out.sort((a, b) -> a.get("vhost").toString().compareTo(b.get("vhost").toString()));
        return out;
    }

    private static List<Map<String, Object>> permissions(Broker broker) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (User user : broker.users().list()) {
            for (VirtualHost vhost : broker.vhosts()) {
                Permission permission = broker.users().permission(user.name(), vhost.name());
                if (permission != null) {
                    out.add(UsersApi.permissionJson(user.name(), vhost.name(), permission));
                }
            }
        }
        out.sort((a, b) -> (a.get("user") + "\u0000" + a.get("vhost")).compareTo(b.get("user") + "\u0000"
                + b.get("vhost")));
        return out;
    }

    private static void exportObjects(VirtualHost vhost, boolean withVhost, List<Map<String, Object>> queues,
                                      List<Map<String, Object>> exchanges, List<Map<String, Object>> bindings) {
        for (Queue queue : vhost.queues()) {
            if (queue.exclusiveOwner() != null) {
                continue;
            }
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("name", queue.name());
            q.put("vhost", vhost.name());
            q.put("durable", queue.settings().durable());
            q.put("auto_delete", queue.settings().autoDelete());
            q.put("arguments", Json.plainMap(queue.settings().arguments()));
            queues.add(q);
        }
        for (Exchange exchange : vhost.exchanges()) {
            if (exchange.name().isEmpty() || exchange.name().startsWith("amq.")) {
                continue;
            }
            Map<String, Object> e = ExchangesApi.json(vhost.name(), exchange);
            e.remove("user_who_performed_action");
            exchanges.add(e);
        }
        for (Binding binding : vhost.bindings()) {
            Queue destination = binding.destinationIsQueue() ? vhost.findQueue(binding.destination()) : null;
            if (binding.source().isEmpty() || (destination != null && destination.exclusiveOwner() != null)) {
                continue;
            }
            Map<String, Object> b = BindingsApi.json(vhost.name(), binding);
            b.remove("properties_key");
            bindings.add(b);
        }
        queues.sort((a, b) -> a.get("name").toString().compareTo(b.get("name").toString()));
        exchanges.sort((a, b) -> a.get("name").toString().compareTo(b.get("name").toString()));
    }

    private void importAll(Context ctx, String onlyVhost) {
        node.access().requireAdministrator(Access.caller(ctx));
        Map<String, Object> definitions = readDefinitions(ctx);
        DefinitionsImport.run(node.broker(), definitions, onlyVhost);
        ctx.status(204);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readDefinitions(Context ctx) {
        String type = ctx.contentType();
        if (type != null && type.startsWith("multipart/")) {
            UploadedFile file = ctx.uploadedFile("file");
            if (file == null) {
                throw ApiError.badRequest("file not found");
            }
            try (InputStream in = file.content()) {
                Object parsed = Json.MAPPER.readValue(in, Object.class);
                if (parsed instanceof Map) {
                    return (Map<String, Object>) parsed;
                }
            } catch (IOException e) {
                throw ApiError.badRequest("failed to decode JSON: " + e.getMessage());
            }
            throw ApiError.badRequest("not_a_json_object");
        }
        return Json.body(ctx);
    }

    /** Everything an import applies, in dependency order; shared by the two import routes. */
    static final class DefinitionsImport {
        private DefinitionsImport() {
        }

        static void run(Broker broker, Map<String, Object> d, String onlyVhost) {
            if (onlyVhost == null) {
                for (Map<String, Object> v : list(d, "vhosts")) {
                    broker.createVhost(required(v, "name"), VhostsApi.metadata(v));
                }
                for (Map<String, Object> u : list(d, "users")) {
                    importUser(broker.users(), u);
                }
                for (Map<String, Object> p : list(d, "permissions")) {
                    String user = required(p, "user");
                    String vhost = required(p, "vhost");
                    if (broker.users().get(user) == null || broker.vhost(vhost) == null) {
                        throw ApiError.badRequest("permission for unknown user '" + user + "' or vhost '" + vhost
                                + "'");
                    }
                    broker.users().setPermission(user, vhost, new Permission(Json.text(p, "configure", ""),
                            Json.text(p, "write", ""), Json.text(p, "read", "")));
                }
                importTopicPermissions(broker, list(d, "topic_permissions"));
                importLimits(broker, d);
            }
            for (Map<String, Object> p : list(d, "policies")) {
                String vhost = vhostOf(broker, p, onlyVhost);
                broker.vhost(vhost).policies().put(PoliciesApi.parse(vhost, required(p, "name"), p, false));
            }
            for (Map<String, Object> q : list(d, "queues")) {
                VirtualHost vhost = broker.vhost(vhostOf(broker, q, onlyVhost));
                vhost.declareQueue(required(q, "name"), false, new QueueSettings(Json.bool(q, "durable", true), false,
                        Json.bool(q, "auto_delete", false), Json.object(q, "arguments")), Node.OWNER);
            }
            for (Map<String, Object> e : list(d, "exchanges")) {
                VirtualHost vhost = broker.vhost(vhostOf(broker, e, onlyVhost));
                String name = required(e, "name");
                if (name.isEmpty() || name.startsWith("amq.")) {
                    continue;
                }
                vhost.declareExchange(name, Json.text(e, "type", "direct"), false, Json.bool(e, "durable", true),
                        Json.bool(e, "auto_delete", false), Json.bool(e, "internal", false),
                        Json.object(e, "arguments"));
            }
            for (Map<String, Object> b : list(d, "bindings")) {
                VirtualHost vhost = broker.vhost(vhostOf(broker, b, onlyVhost));
                String source = required(b, "source");
                String destination = required(b, "destination");
                String key = Json.text(b, "routing_key", "");
                Map<String, Object> arguments = Json.object(b, "arguments");
                if ("exchange".equals(Json.text(b, "destination_type", "queue"))) {
                    vhost.bindExchange(destination, source, key, arguments);
                } else {
                    vhost.bindQueue(destination, source, key, arguments, Node.OWNER);
                }
            }
        }

        private static void importTopicPermissions(Broker broker, List<Map<String, Object>> permissions) {
            for (Map<String, Object> p : permissions) {
                String user = required(p, "user");
                String vhost = required(p, "vhost");
                if (broker.users().get(user) == null || broker.vhost(vhost) == null) {
                    throw ApiError.badRequest("topic permission for unknown user '" + user + "' or vhost '" + vhost
                            + "'");
                }
                broker.topicPermissions().set(user, vhost, new TopicPermission(required(p, "exchange"),
                        Json.text(p, "write", ""), Json.text(p, "read", "")));
            }
        }

        /** Users' {@code limits} and the {@code vhost-limits} runtime parameters; other parameters are ignored. */
        private static void importLimits(Broker broker, Map<String, Object> d) {
            for (Map<String, Object> u : list(d, "users")) {
                for (Map.Entry<String, Object> limit : Json.object(u, "limits").entrySet()) {
                    SecuritySettingsApi.setUserLimit(broker.limits(), required(u, "name"), limit.getKey(),
                            limitNumber(limit.getValue()));
                }
            }
            for (Map<String, Object> p : list(d, "parameters")) {
                if (!"vhost-limits".equals(p.get("component"))) {
                    continue;
                }
                String vhost = vhostOf(broker, p, null);
                for (Map.Entry<String, Object> limit : Json.object(p, "value").entrySet()) {
                    SecuritySettingsApi.setVhostLimit(broker.limits(), vhost, limit.getKey(),
                            limitNumber(limit.getValue()));
                }
            }
        }

        private static int limitNumber(Object value) {
            if (!(value instanceof Number n)) {
                throw ApiError.badRequest("limit value " + value + " is not a number");
            }
            return (int) Math.max(-1, Math.min(Integer.MAX_VALUE, n.longValue()));
        }

        private static void importUser(Users users, Map<String, Object> u) {
            String name = required(u, "name");
            String algorithm = Json.text(u, "hashing_algorithm", "rabbit_password_hashing_md5");
            if (!UsersApi.HASHING_ALGORITHM.equals(algorithm)) {
                throw ApiError.badRequest("user '" + name + "': unsupported hashing_algorithm '" + algorithm
                        + "' (Spool stores rabbit_password_hashing_sha256 hashes)");
            }
            users.putWithHash(name, Json.text(u, "password_hash", ""),
                    new LinkedHashSet<>(VhostsApi.tags(u.get("tags"))));
        }

        private static String vhostOf(Broker broker, Map<String, Object> item, String onlyVhost) {
            String vhost = onlyVhost != null ? onlyVhost : required(item, "vhost");
            if (broker.vhost(vhost) == null) {
                throw ApiError.badRequest("vhost '" + vhost + "' does not exist");
            }
            return vhost;
        }

        private static String required(Map<String, Object> item, String field) {
            Object value = item.get(field);
            if (value == null) {
                throw ApiError.badRequest("definition without '" + field + "': " + item);
            }
            return value.toString();
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> list(Map<String, Object> d, String key) {
            Object value = d.get(key);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> items)) {
                throw ApiError.badRequest(key + " must be a list");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof Map)) {
                    throw ApiError.badRequest(key + " must be a list of objects");
                }
                out.add((Map<String, Object>) item);
            }
            return out;
        }
    }
}
