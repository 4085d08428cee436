package dev.spool.management.api;

import dev.spool.engine.EngineException;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.policy.ApplyTo;
import dev.spool.engine.policy.CompiledPolicy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/policies} (policymaker) and {@code /api/operator-policies} (administrator): list (all, per vhost), show,
 * PUT, DELETE, in RabbitMQ's JSON. A policy is validated with RabbitMQ's rules (a bad one is refused with 400 and
 * {@code "reason":"Validation failed\n\n<why>\n"}, HTML-escaped as RabbitMQ escapes it), stored with the definitions,
 * and applied to the matching queues and exchanges before the response is sent.
 */
final class PoliciesApi {
    private final Node node;
    private final boolean operator;
    private final String path;

    private PoliciesApi(Node node, boolean operator) {
        this.node = node;
        this.operator = operator;
        this.path = operator ? "/api/operator-policies" : "/api/policies";
    }

    /** The API for policies. */
    static PoliciesApi policies(Node node) {
        return new PoliciesApi(node, false);
    }

    /** The API for operator policies. */
    static PoliciesApi operatorPolicies(Node node) {
        return new PoliciesApi(node, true);
    }

    void routes(RoutesConfig routes) {
        routes.get(path, this::listAll);
        routes.get(path + "/{vhost}", this::listVhost);
        routes.get(path + "/{vhost}/{name}", this::show);
        routes.put(path + "/{vhost}/{name}", this::put);
        routes.delete(path + "/{vhost}/{name}", this::delete);
    }

    private void listAll(Context ctx) {
        Access.Caller caller = Access.caller(ctx);
        requireReader(caller);
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : node.broker().vhosts()) {
            if (node.access().canSee(caller, vhost.name())) {
                for (CompiledPolicy policy : vhost.policies().list(operator)) {
                    items.add(json(policy));
                }
            }
        }
        items.sort((a, b) -> (a.get("vhost") + "\u0000" + a.get("name"))
                .compareTo(b.get("vhost") + "\u0000" + b.get("name")));
        Paging.respond(ctx, items);
    }

    private void listVhost(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        Access.Caller caller = Access.caller(ctx);
        requireReader(caller);
        node.access().requireVisible(caller, vhost.name());
        List<Map<String, Object>> items = new ArrayList<>();
        for (CompiledPolicy policy : vhost.policies().list(operator)) {
            items.add(json(policy));
        }
        items.sort((a, b) -> a.get("name").toString().compareTo(b.get("name").toString()));
        Paging.respond(ctx, items);
    }

    private void show(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        Access.Caller caller = Access.caller(ctx);
        requireReader(caller);
        node.access().requireVisible(caller, vhost.name());
        CompiledPolicy policy = vhost.policies().get(ctx.pathParam("name"), operator);
        if (policy == null) {
            throw ApiError.notFound();
        }
        Json.ok(ctx, json(policy));
    }

    private void put(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        requireWriter(Access.caller(ctx), vhost.name());
        String name = ctx.pathParam("name");
        CompiledPolicy policy = parse(vhost.name(), name, Json.body(ctx), operator);
        CompiledPolicy previous = vhost.policies().put(policy);
        ctx.status(previous == null ? 201 : 204);
    }

    private void delete(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        requireWriter(Access.caller(ctx), vhost.name());
        if (vhost.policies().remove(ctx.pathParam("name"), operator) == null) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private void requireReader(Access.Caller caller) {
        if (operator) {
            node.access().requireAdministrator(caller);
        }
    }

    private void requireWriter(Access.Caller caller, String vhost) {
        if (operator) {
            node.access().requireAdministrator(caller);
        } else {
            node.access().requirePolicymaker(caller, vhost);
        }
    }

    /**
     * A policy or operator policy from a PUT body or a definitions entry.
     *
     * @throws ApiError 400 when a field is missing or the policy is invalid (RabbitMQ's validation text)
     */
    static CompiledPolicy parse(String vhost, String name, Map<String, Object> body, boolean operator) {
        if (!body.containsKey("pattern")) {
            throw ApiError.badRequest("pattern not found");
        }
        if (!(body.get("definition") instanceof Map)) {
            throw ApiError.badRequest("definition not found");
        }
        String pattern = Json.text(body, "pattern", "");
        Map<String, Object> definition = Json.object(body, "definition");
        int priority = (int) Json.number(body, "priority", 0);
        try {
            ApplyTo applyTo = ApplyTo.parse(Json.text(body, "apply-to", "all"));
            return operator ? CompiledPolicy.operator(vhost, name, pattern, applyTo, priority, definition)
                    : CompiledPolicy.of(vhost, name, pattern, applyTo, priority, definition);
        } catch (EngineException e) {
            throw validationFailed(e.getMessage());
        }
    }

    /** RabbitMQ's answer to an invalid runtime parameter: its text after "Validation failed", HTML-escaped. */
    static ApiError validationFailed(String why) {
        return ApiError.badRequest("Validation failed\n\n" + escapeHtmlTags(why) + "\n");
    }

    /** As RabbitMQ's {@code rabbit_mgmt_format:escape_html_tags}: {@code <}, {@code >} and {@code &}. */
    static String escapeHtmlTags(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A policy as RabbitMQ's {@code /api/policies} and definitions show it. */
    static Map<String, Object> json(CompiledPolicy policy) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vhost", policy.vhost());
        p.put("name", policy.name());
        p.put("pattern", policy.pattern());
        p.put("apply-to", policy.applyTo().text());
        p.put("definition", policy.definition());
        p.put("priority", policy.priority());
        return p;
    }
}
