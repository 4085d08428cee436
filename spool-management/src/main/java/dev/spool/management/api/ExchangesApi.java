package dev.spool.management.api;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.dedup.DeduplicationWindow;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.management.stats.SampleRing;
import dev.spool.management.stats.Sampler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/exchanges}: list (all, per vhost), show, declare (PUT), delete (with {@code if-unused}) and an exchange's
 * bindings as source and as destination, in RabbitMQ's JSON, with {@code message_stats} ({@code publish_in},
 * {@code publish_out} and their rates). The default exchange is listed with the name "" and addressed in paths as
 * {@code amq.default}; a deduplicating exchange also reports its {@code deduplication} window. Publishing is in
 * {@link MessagesApi}.
 */
final class ExchangesApi {
    private final Node node;

    ExchangesApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/exchanges", this::listAll);
        routes.get("/api/exchanges/{vhost}", this::listVhost);
        routes.get("/api/exchanges/{vhost}/{name}", this::show);
        routes.put("/api/exchanges/{vhost}/{name}", this::declare);
        routes.delete("/api/exchanges/{vhost}/{name}", this::delete);
        routes.get("/api/exchanges/{vhost}/{name}/bindings/source", ctx -> bindings(ctx, true));
        routes.get("/api/exchanges/{vhost}/{name}/bindings/destination", ctx -> bindings(ctx, false));
    }

    private void listAll(Context ctx) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : node.broker().vhosts()) {
            if (node.access().canSee(caller, vhost.name())) {
                for (Exchange exchange : vhost.exchanges()) {
                    items.add(withStats(vhost.name(), exchange, ctx));
                }
            }
        }
        Paging.respond(ctx, items);
    }

    private void listVhost(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Exchange exchange : vhost.exchanges()) {
            items.add(withStats(vhost.name(), exchange, ctx));
        }
        Paging.respond(ctx, items);
    }

    private Exchange existing(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        Exchange exchange = vhost.findExchange(Node.exchangeName(ctx.pathParam("name")));
        if (exchange == null) {
            throw ApiError.notFound();
        }
        return exchange;
    }

    private void show(Context ctx) {
        Exchange exchange = existing(ctx);
        Json.ok(ctx, withStats(Node.vhostParam(ctx), exchange, ctx));
    }

    private void declare(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = Node.exchangeName(ctx.pathParam("name"));
        node.access().requireConfigure(Access.caller(ctx), vhost.name(), "exchange", name);
        Map<String, Object> body = Json.body(ctx);
        if (!body.containsKey("type")) {
            throw ApiError.badRequest("type not found");
        }
        boolean existed = vhost.findExchange(name) != null;
        vhost.declareExchange(name, Json.text(body, "type", ""), false, Json.bool(body, "durable", true),
                Json.bool(body, "auto_delete", false), Json.bool(body, "internal", false),
                Json.object(body, "arguments"));
        ctx.status(existed ? 204 : 201);
    }

    private void delete(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = Node.exchangeName(ctx.pathParam("name"));
        node.access().requireConfigure(Access.caller(ctx), vhost.name(), "exchange", name);
        if (vhost.findExchange(name) == null) {
            throw ApiError.notFound();
        }
        vhost.deleteExchange(name, "true".equals(ctx.queryParam("if-unused")));
        ctx.status(204);
    }

    private void bindings(Context ctx, boolean asSource) {
        Exchange exchange = existing(ctx);
        VirtualHost vhost = node.vhost(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Binding binding : vhost.bindings()) {
            boolean matches = asSource ? binding.source().equals(exchange.name())
                    : !binding.destinationIsQueue() && binding.destination().equals(exchange.name());
            if (matches) {
                items.add(BindingsApi.json(vhost.name(), binding));
            }
        }
        Paging.respond(ctx, items);
    }

    /** {@link #json} with RabbitMQ's {@code message_stats}: {@code publish_in} and {@code publish_out}, with rates. */
    private Map<String, Object> withStats(String vhost, Exchange exchange, Context ctx) {
        Map<String, Object> e = json(vhost, exchange);
        SampleRing ring = node.sampler().exchange(exchange);
        Map<String, Object> stats = new LinkedHashMap<>();
        Rates.counter(stats, "publish_in", ring, Sampler.EXCHANGE_PUBLISH_IN, exchange.stats().publishIn(), ctx);
        Rates.counter(stats, "publish_out", ring, Sampler.EXCHANGE_PUBLISH_OUT, exchange.stats().publishOut(), ctx);
        e.put("message_stats", stats);
        return e;
    }

    /** An exchange as RabbitMQ's {@code /api/exchanges} shows it, without statistics (as definitions export it). */
    static Map<String, Object> json(String vhost, Exchange exchange) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", exchange.name());
        e.put("vhost", vhost);
        e.put("type", exchange.type());
        e.put("durable", exchange.durable());
        e.put("auto_delete", exchange.autoDelete());
        e.put("internal", exchange.internal());
        e.put("arguments", Json.plainMap(exchange.arguments()));
        if (exchange.policy() != null) {
            e.put("policy", exchange.policy().name());
        }
        e.put("user_who_performed_action", "rmq-internal");
        if (exchange instanceof DelayedMessageExchange delayed) {
            e.put("messages_delayed", delayed.waiting().count());
        }
        DeduplicationWindow deduplication = exchange.deduplication();
        if (deduplication != null) {
            e.put("deduplication", QueuesApi.deduplicationJson(deduplication));
        }
        return e;
    }
}
