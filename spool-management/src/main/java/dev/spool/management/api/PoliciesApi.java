package dev.spool.management.api;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.policy.Policy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code /api/policies}: list (all, per vhost), show, PUT (policymaker), DELETE. Policies are stored, listed, exported
 * and imported with RabbitMQ's fields; they are not yet applied to queues and exchanges (each feature they configure
 * applies them when it lands), so a queue's {@code policy} stays null.
 */
final class PoliciesApi {
    private static final List<String> APPLY_TO = List.of("all", "queues", "exchanges", "classic_queues",
            "quorum_queues", "streams");

    private final Node node;

    PoliciesApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/policies", this::listAll);
        routes.get("/api/policies/{vhost}", this::listVhost);
        routes.get("/api/policies/{vhost}/{name}", this::show);
        routes.put("/api/policies/{vhost}/{name}", this::put);
        routes.delete("/api/policies/{vhost}/{name}", this::delete);
    }

    private void listAll(Context ctx) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Policy policy : node.broker().policies().list(null)) {
            if (node.access().canSee(caller, policy.vhost())) {
                items.add(json(policy));
            }
        }
        Paging.respond(ctx, items);
    }

    private void listVhost(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Policy policy : node.broker().policies().list(vhost.name())) {
            items.add(json(policy));
        }
        Paging.respond(ctx, items);
    }

    private void show(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        Policy policy = node.broker().policies().get(vhost.name(), ctx.pathParam("name"));
        if (policy == null) {
            throw ApiError.notFound();
        }
        Json.ok(ctx, json(policy));
    }

    private void put(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requirePolicymaker(Access.caller(ctx), vhost.name());
        String name = ctx.pathParam("name");
        boolean existed = node.broker().policies().get(vhost.name(), name) != null;
        node.broker().policies().put(parse(vhost.name(), name, Json.body(ctx)));
        ctx.status(existed ? 204 : 201);
    }

    /** A policy from a PUT body or a definitions entry; 400 when invalid. */
    static Policy parse(String vhost, String name, Map<String, Object> body) {
        if (!body.containsKey("pattern")) {
            throw ApiError.badRequest("pattern not found");
        }
        if (!(body.get("definition") instanceof Map)) {
            throw ApiError.badRequest("definition not found");
        }
        String pattern = Json.text(body, "pattern", "");
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw ApiError.badRequest("invalid pattern '" + pattern + "': " + e.getDescription());
        }
        String applyTo = Json.text(body, "apply-to", "all");
        if (!APPLY_TO.contains(applyTo)) {
            throw ApiError.badRequest("'" + applyTo + "' is not a valid apply-to value");
        }
        return new Policy(vhost, name, pattern, applyTo, Json.object(body, "definition"),
                (int) Json.number(body, "priority", 0));
    }

    private void delete(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requirePolicymaker(Access.caller(ctx), vhost.name());
        if (!node.broker().policies().delete(vhost.name(), ctx.pathParam("name"))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    /** A policy as RabbitMQ's {@code /api/policies} and definitions show it. */
    static Map<String, Object> json(Policy policy) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vhost", policy.vhost());
        p.put("name", policy.name());
        p.put("pattern", policy.pattern());
        p.put("apply-to", policy.applyTo());
        p.put("definition", policy.definition());
        p.put("priority", policy.priority());
        return p;
    }
}
