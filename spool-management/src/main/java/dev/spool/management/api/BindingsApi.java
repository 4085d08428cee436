package dev.spool.management.api;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.exchange.Binding;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/bindings}: list (all, per vhost), and between one exchange and one queue ({@code e/{e}/q/{q}}) or two
 * exchanges ({@code e/{s}/e/{d}}) list, create (POST, answering 201 with the new binding's {@code props} key in
 * {@code Location}), show and delete by {@code properties_key}. A properties key is RabbitMQ's: {@code ~} for an empty
 * routing key without arguments, the URL-quoted routing key without arguments, else the key, {@code ~} and a hash of
 * the arguments.
 */
final class BindingsApi {
    private final Node node;

    BindingsApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/bindings", this::listAll);
        routes.get("/api/bindings/{vhost}", this::listVhost);
        for (String kind : new String[] {"q", "e"}) {
            String pair = "/api/bindings/{vhost}/e/{source}/" + kind + "/{destination}";
            boolean toQueue = kind.equals("q");
            routes.get(pair, ctx -> listPair(ctx, toQueue));
            routes.post(pair, ctx -> create(ctx, toQueue));
            routes.get(pair + "/{props}", ctx -> show(ctx, toQueue));
            routes.delete(pair + "/{props}", ctx -> delete(ctx, toQueue));
        }
    }

    private void listAll(Context ctx) {
        Access.Caller caller = Access.caller(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : node.broker().vhosts()) {
            if (node.access().canSee(caller, vhost.name())) {
                for (Binding binding : vhost.bindings()) {
                    items.add(json(vhost.name(), binding));
                }
            }
        }
        Json.ok(ctx, Paging.apply(ctx, items));
    }

    private void listVhost(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Binding binding : vhost.bindings()) {
            items.add(json(vhost.name(), binding));
        }
        Json.ok(ctx, Paging.apply(ctx, items));
    }

    private List<Binding> between(Context ctx, boolean toQueue) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVisible(Access.caller(ctx), vhost.name());
        String source = Node.exchangeName(ctx.pathParam("source"));
        String destination = ctx.pathParam("destination");
        if (vhost.findExchange(source) == null
                || (toQueue ? vhost.findQueue(destination) == null : vhost.findExchange(destination) == null)) {
            throw ApiError.notFound();
        }
        List<Binding> found = new ArrayList<>();
        for (Binding binding : vhost.bindings()) {
            if (binding.source().equals(source) && binding.destination().equals(destination)
                    && binding.destinationIsQueue() == toQueue) {
                found.add(binding);
            }
        }
        return found;
    }

    private void listPair(Context ctx, boolean toQueue) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Binding binding : between(ctx, toQueue)) {
            items.add(json(Node.vhostParam(ctx), binding));
        }
        Json.ok(ctx, items);
    }

    private void create(Context ctx, boolean toQueue) {
        VirtualHost vhost = node.vhost(ctx);
        String source = Node.exchangeName(ctx.pathParam("source"));
        String destination = ctx.pathParam("destination");
        Access.Caller caller = Access.caller(ctx);
        node.access().requireWrite(caller, vhost.name(), toQueue ? "queue" : "exchange", destination);
        node.access().requireRead(caller, vhost.name(), "exchange", source);
        Map<String, Object> body = Json.body(ctx);
        String routingKey = Json.text(body, "routing_key", "");
        Map<String, Object> arguments = Json.object(body, "arguments");
        if (toQueue) {
            vhost.bindQueue(destination, source, routingKey, arguments, Node.OWNER);
        } else {
            vhost.bindExchange(destination, source, routingKey, arguments);
        }
        ctx.header("Location", propertiesKey(routingKey, arguments));
        ctx.status(201);
    }

    private Binding byKey(Context ctx, boolean toQueue) {
        String key = ctx.pathParam("props");
        for (Binding binding : between(ctx, toQueue)) {
            String packed = propertiesKey(binding.routingKey(), binding.arguments());
            if (packed.equals(key) || URLDecoder.decode(packed.replace("+", "%2B"), StandardCharsets.UTF_8).equals(key)) {
                return binding;
            }
        }
        throw ApiError.notFound();
    }

    private void show(Context ctx, boolean toQueue) {
        Json.ok(ctx, json(Node.vhostParam(ctx), byKey(ctx, toQueue)));
    }

    private void delete(Context ctx, boolean toQueue) {
        Binding binding = byKey(ctx, toQueue);
        VirtualHost vhost = node.vhost(ctx);
        Access.Caller caller = Access.caller(ctx);
        node.access().requireWrite(caller, vhost.name(), toQueue ? "queue" : "exchange", binding.destination());
        node.access().requireRead(caller, vhost.name(), "exchange", binding.source());
        if (toQueue) {
            vhost.unbindQueue(binding.destination(), binding.source(), binding.routingKey(), binding.arguments(),
                    Node.OWNER);
        } else {
            vhost.unbindExchange(binding.destination(), binding.source(), binding.routingKey(), binding.arguments());
        }
        ctx.status(204);
    }

    /** A binding as RabbitMQ's {@code /api/bindings} shows it. */
    static Map<String, Object> json(String vhost, Binding binding) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("source", binding.source());
        b.put("vhost", vhost);
        b.put("destination", binding.destination());
        b.put("destination_type", binding.destinationIsQueue() ? "queue" : "exchange");
        b.put("routing_key", binding.routingKey());
        b.put("arguments", Json.plainMap(binding.arguments()));
        b.put("properties_key", propertiesKey(binding.routingKey(), binding.arguments()));
        return b;
    }

    /** RabbitMQ's {@code pack_binding_props}: how a binding is named in a URL. */
    static String propertiesKey(String routingKey, Map<String, ?> arguments) {
        boolean noArguments = arguments == null || arguments.isEmpty();
        if (routingKey.isEmpty() && noArguments) {
            return "~";
        }
        String quoted = URLEncoder.encode(routingKey, StandardCharsets.UTF_8).replace("~", "%7E");
        if (noArguments) {
            return quoted;
        }
        return quoted + "~" + argumentsHash(arguments);
    }

    private static String argumentsHash(Map<String, ?> arguments) {
        String canonical = new TreeMap<>(Json.plainMap(arguments)).toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
