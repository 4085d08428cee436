package dev.spool.management.api;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.redrive.Redrive;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Actions on a queue: RabbitMQ's {@code POST /api/queues/{vhost}/{name}/actions} ({@code sync} and
 * {@code cancel_sync}, which concern mirrored classic queues only and do nothing here), and Spool's redrive:
 * {@code POST .../actions/redrive} with {@code {"rate": 100, "max": 1000, "target": "q"}} starts moving the queue's
 * ready messages (a dead-letter queue's) back to the queue each one died in, read from its {@code x-death} headers,
 * or to {@code target}; {@code GET} shows the latest job of the queue, {@code DELETE} stops it.
 *
 * <p>Permissions, as RabbitMQ checks them for what AMQP would do: read on the source queue (the job takes messages
 * from it) and write on each target queue (it publishes to it). With an explicit target both are checked up front
 * (403); with targets from the headers a message whose target the caller may not write to stays in the source, counted
 * as skipped. Jobs are kept per queue (the latest one, for its status); at most one runs per queue at a time.
 *
 * <p>Any request thread; the jobs run on the virtual host's timers.
 */
final class QueueActionsApi {
    static final int DEFAULT_RATE = 100;
    static final int MAX_RATE = 100_000;

    private final Node node;
    /** The latest job per queue, keyed by {@link #key}. */
    private final ConcurrentHashMap<String, Redrive> jobs = new ConcurrentHashMap<>();

    QueueActionsApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.post("/api/queues/{vhost}/{name}/actions", this::action);
        routes.post("/api/queues/{vhost}/{name}/actions/redrive", this::startRedrive);
        routes.get("/api/queues/{vhost}/{name}/actions/redrive", this::showRedrive);
        routes.delete("/api/queues/{vhost}/{name}/actions/redrive", this::cancelRedrive);
    }

    /** RabbitMQ's sync / cancel_sync: there is no mirroring here, so nothing to do (as for quorum queues). */
    private void action(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        node.access().requireVhostAccess(Access.caller(ctx), vhost.name());
        if (vhost.findQueue(ctx.pathParam("name")) == null) {
            throw ApiError.notFound();
        }
        String action = Json.text(Json.body(ctx), "action", "");
        if (!"sync".equals(action) && !"cancel_sync".equals(action)) {
            throw ApiError.badRequest("Unknown action: '" + action + "'");
        }
        ctx.status(204);
    }

    private void startRedrive(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = ctx.pathParam("name");
        Access.Caller caller = Access.caller(ctx);
        node.access().requireRead(caller, vhost.name(), "queue", name);
        Queue source = vhost.findQueue(name);
        if (source == null) {
            throw ApiError.notFound();
        }
        Map<String, Object> body = Json.body(ctx);
        long rate = Json.number(body, "rate", DEFAULT_RATE);
        if (rate < 1 || rate > MAX_RATE) {
            throw ApiError.badRequest("rate must be between 1 and " + MAX_RATE + " messages per second");
        }
        long max = Json.number(body, "max", source.messageCount());
        if (max < 0) {
            throw ApiError.badRequest("max must not be negative");
        }
        Object targetValue = body.get("target");
        String target = targetValue == null ? null : targetValue.toString();
        Redrive.Targets targets;
        if (target != null) {
            if (target.equals(name)) {
                throw ApiError.badRequest("target must be another queue than '" + name + "'");
            }
            node.access().requireWrite(caller, vhost.name(), "queue", target);
            if (vhost.findQueue(target) == null) {
                throw ApiError.notFound();
            }
            targets = message -> target;
        } else {
            targets = new DiedIn(caller, vhost.name());
        }
        String key = key(vhost.name(), name);
        Redrive job;
        synchronized (jobs) {
            Redrive running = jobs.get(key);
            if (running != null && running.running()) {
                throw ApiError.badRequest("a redrive of queue '" + name + "' in vhost '" + vhost.name()
                        + "' is already running");
            }
            job = Redrive.start(vhost, source, targets, node.format(), (int) rate, max);
            jobs.put(key, job);
        }
        Json.write(ctx, 202, json(vhost.name(), name, target, job.status()));
    }

    private void showRedrive(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = ctx.pathParam("name");
        node.access().requireRead(Access.caller(ctx), vhost.name(), "queue", name);
        Redrive job = jobs.get(key(vhost.name(), name));
        if (job == null || vhost.findQueue(name) != job.source()) {
            throw ApiError.notFound();
        }
        Json.ok(ctx, json(vhost.name(), name, null, job.status()));
    }

    private void cancelRedrive(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = ctx.pathParam("name");
        node.access().requireRead(Access.caller(ctx), vhost.name(), "queue", name);
        Redrive job = jobs.get(key(vhost.name(), name));
        if (job == null) {
            throw ApiError.notFound();
        }
        job.cancel();
        ctx.status(204);
    }

    private static String key(String vhost, String queue) {
        return vhost + '\u0000' + queue;
    }

    private static Map<String, Object> json(String vhost, String queue, String target, Redrive.Status status) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("vhost", vhost);
        j.put("queue", queue);
        if (target != null) {
            j.put("target", target);
        }
        j.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
        j.put("rate", status.rate());
        j.put("max", status.max());
        j.put("moved", status.moved());
        j.put("skipped", status.skipped());
        j.put("started_at", status.startedAt());
        j.put("ended_at", status.endedAt() == 0 ? null : status.endedAt());
        j.put("failure", status.failure());
        return j;
    }

    /**
     * The queue a message died in, from its headers (read through the message format, so nested tables are plain
     * maps): the newest {@code x-death} entry's {@code queue}, else {@code x-last-death-queue}, else
     * {@code x-first-death-queue}; null when the caller may not write to it. One job's thread only.
     */
    private final class DiedIn implements Redrive.Targets {
        private final Access.Caller caller;
        private final String vhost;
        private final Map<String, Boolean> writable = new HashMap<>();

        DiedIn(Access.Caller caller, String vhost) {
            this.caller = caller;
            this.vhost = vhost;
        }

        @Override
        public String targetOf(Message message) {
            String queue = diedIn(node.format().properties(message).get("headers"));
            if (queue == null) {
                return null;
            }
            return writable.computeIfAbsent(queue, this::mayWrite) ? queue : null;
        }

        private boolean mayWrite(String queue) {
            Permission permission = node.broker().users().permission(caller.name(), vhost);
            return permission != null && permission.permits(dev.spool.engine.auth.Access.WRITE, queue);
        }
    }

    /** The queue named by dead-lettering headers (plain values), or null. */
    static String diedIn(Object headers) {
        if (!(headers instanceof Map<?, ?> map)) {
            return null;
        }
        if (map.get("x-death") instanceof List<?> deaths && !deaths.isEmpty()
                && deaths.get(0) instanceof Map<?, ?> newest && newest.get("queue") != null) {
            return newest.get("queue").toString();
        }
        Object last = map.get("x-last-death-queue");
        if (last != null) {
            return last.toString();
        }
        Object first = map.get("x-first-death-queue");
        return first == null ? null : first.toString();
    }
}
