package dev.spool.engine.auth;

import dev.spool.engine.EngineException;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.exchange.Exchange;

import java.util.Objects;
import java.util.regex.Matcher;

/**
 * RabbitMQ's resource permission checks for one user in one virtual host ({@code rabbit_access_control} with the
 * internal backend): each declare, delete, bind, publish, consume, get and purge asks for configure, write or read
 * access to a queue or exchange name, and routing keys on topic exchanges are checked against the user's
 * {@link TopicPermission}s. A refusal is ACCESS_REFUSED with RabbitMQ's text, e.g. {@code write access to exchange
 * 'orders' in vhost '/' refused for user 'app'}. The default exchange is checked, and named, as {@code amq.default}.
 *
 * <p>What each AMQP method needs, as RabbitMQ's channel asks:
 * <ul>
 *   <li>exchange.declare (not passive): configure on the exchange; a new one with an {@code alternate-exchange} also
 *   needs read on itself and write on the alternate;</li>
 *   <li>exchange.delete: configure on the exchange; queue.declare (not passive) and queue.delete: configure on the
 *   queue; a new queue with an {@code x-dead-letter-exchange} also needs read on itself and write on that exchange;</li>
 *   <li>queue.bind, queue.unbind, exchange.bind, exchange.unbind: write on the destination, read on the source, and a
 *   topic read check of the binding key when the source is a topic exchange;</li>
 *   <li>basic.publish: write on the exchange, and a topic write check of the routing key on a topic exchange;</li>
 *   <li>basic.consume, basic.get, queue.purge: read on the queue.</li>
 * </ul>
 * Passive declares need no permission.
 *
 * <p>Permissions are read from {@link Users} at every check, so a change (or a revocation) applies at once. What is
 * cached is their compiled form: one reusable {@link Matcher} per kind of access, rebuilt when the user's permission
 * changes, and the last exchange published to, so that the publish path allocates nothing.
 *
 * <p><b>Threading.</b> Not thread-safe: one instance per AMQP connection, used on its event loop only (all of its
 * channels run there); management makes one per request.
 */
public final class AccessControl {
    private static final String DEFAULT_EXCHANGE = "amq.default";

    private final Users users;
    private final TopicPermissions topics;
    private final String user;
    private final String vhost;
    /** The permission the matchers below were built from (compared by identity: stored permissions are replaced). */
    private Permission compiledFrom;
    private final Matcher[] matchers = new Matcher[Access.values().length];
    /** The exchange whose write access was last granted under {@link #compiledFrom}, or null. */
    private String lastPublishedTo;
    /** The topic permission {@link #topicWrite} was built from, or null. */
    private TopicPermission topicCompiledFrom;
    private Matcher topicWrite;

    /**
     * @param users  the user database, read at every check
     * @param topics the topic permissions, read at every topic check
     * @param user   the authenticated user
     * @param vhost  the virtual host the checks are for
     */
    public AccessControl(Users users, TopicPermissions topics, String user, String vhost) {
        this.users = Objects.requireNonNull(users, "users");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.user = Objects.requireNonNull(user, "user");
        this.vhost = Objects.requireNonNull(vhost, "vhost");
    }

    public String user() {
        return user;
    }

    public String vhost() {
        return vhost;
    }

    /**
     * Checks {@code access} to a queue.
     *
     * @throws EngineException ACCESS_REFUSED when not permitted
     */
    public void checkQueue(Access access, String queue) {
        if (!permits(access, queue)) {
            throw refused(access, ResourceNames.queue(vhost, queue));
        }
    }

    /**
     * Checks {@code access} to an exchange ({@code ""} is the default exchange, checked as {@code amq.default}).
     *
     * @throws EngineException ACCESS_REFUSED when not permitted
     */
    public void checkExchange(Access access, String exchange) {
        String name = exchange.isEmpty() ? DEFAULT_EXCHANGE : exchange;
        if (!permits(access, name)) {
            throw refused(access, ResourceNames.exchange(vhost, name));
        }
    }

    /**
     * basic.publish: write access to the exchange. The hot path: allocates nothing, and when the exchange is the one
     * last granted (and the permission unchanged) matches no expression at all.
     *
     * @throws EngineException ACCESS_REFUSED when not permitted
     */
    public void checkPublish(String exchange) {
        Permission permission = users.permission(user, vhost);
        if (permission != null && permission == compiledFrom && exchange.equals(lastPublishedTo)) {
            return;
        }
        checkExchange(Access.WRITE, exchange);
        lastPublishedTo = exchange;
    }

    /**
     * The topic check of a routing key (publish: write) or binding key (bind: read) on {@code exchange}; nothing to
     * check unless it is a topic exchange on which the user has a topic permission. Allocates nothing when the user has
     * no topic permissions in this virtual host, or for write checks against an unchanged permission.
     *
     * @throws EngineException ACCESS_REFUSED when not permitted
     */
    public void checkTopic(Access access, Exchange exchange, String routingKey) {
        if (exchange == null || !topics.any(user, vhost) || !Exchange.TOPIC.equals(exchange.type())) {
            return;
        }
        TopicPermission permission = topics.get(user, vhost, exchange.name());
        if (permission == null) {
            return;
        }
        Matcher matcher;
        if (access == Access.WRITE) {
            if (permission != topicCompiledFrom) {
                topicWrite = topicMatcher(permission, Access.WRITE);
                topicCompiledFrom = permission;
            }
            matcher = topicWrite;
        } else {
            matcher = topicMatcher(permission, access);
        }
        if (!matcher.reset(routingKey).find()) {
            throw EngineException.accessRefused(access.label() + " access to topic '" + routingKey + "' in "
                    + ResourceNames.exchange(vhost, exchange.name()) + " refused for user '" + user + "'");
        }
    }

    /** Whether the user has any topic permission in this virtual host (else no routing key needs checking). */
    public boolean hasTopicPermissions() {
        return topics.any(user, vhost);
    }

    private Matcher topicMatcher(TopicPermission permission, Access access) {
        String regex = permission.expanded(access, user, vhost);
        return (regex == null ? PermissionPatterns.NOTHING : PermissionPatterns.compile(regex)).matcher("");
    }

    private boolean permits(Access access, String name) {
        Permission permission = users.permission(user, vhost);
        if (permission == null) {
            return false; // no permissions at all in this virtual host (e.g. revoked since the connection opened)
        }
        if (permission != compiledFrom) {
            for (Access each : Access.values()) {
                matchers[each.ordinal()] = PermissionPatterns.compile(each.regex(permission)).matcher("");
            }
            compiledFrom = permission;
            lastPublishedTo = null;
        }
        return matchers[access.ordinal()].reset(name).find();
    }

    private EngineException refused(Access access, String resource) {
        return EngineException.accessRefused(access.label() + " access to " + resource + " refused for user '" + user
                + "'");
    }
}
