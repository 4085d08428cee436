package dev.spool.engine.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topic permissions of every user: per user, per virtual host, per exchange (RabbitMQ's
 * {@code rabbitmqctl set_topic_permissions}).
 *
 * <p>Thread-safe: the per-user maps are immutable and replaced whole, so the publish path reads them without locking;
 * changes (management, definitions import) serialize on this object's monitor, and are recorded in the journal
 * (on a durable broker) before they are made.
 */
public final class TopicPermissions {
    /** user -> vhost -> exchange -> permission; the inner maps are immutable. */
    private final ConcurrentHashMap<String, Map<String, Map<String, TopicPermission>>> byUser =
            new ConcurrentHashMap<>();
    private final TopicPermissionJournal journal;

    /** Topic permissions kept in memory only. */
    public TopicPermissions() {
        this(TopicPermissionJournal.NONE);
    }

    /** Topic permissions that record every change in {@code journal} before making it. */
    public TopicPermissions(TopicPermissionJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** Sets (or replaces) a user's topic permission on one exchange of a virtual host. */
    public synchronized void set(String user, String vhost, TopicPermission permission) {
        Objects.requireNonNull(permission, "permission");
        journal.putTopicPermission(user, vhost, permission);
        restore(user, vhost, permission);
    }

    /** Sets a topic permission read back from the journal at start, without journaling it again. */
    public synchronized void restore(String user, String vhost, TopicPermission permission) {
        Map<String, Map<String, TopicPermission>> vhosts = new HashMap<>(byUser.getOrDefault(user, Map.of()));
        Map<String, TopicPermission> exchanges = new HashMap<>(vhosts.getOrDefault(vhost, Map.of()));
        exchanges.put(permission.exchange(), permission);
        vhosts.put(vhost, Map.copyOf(exchanges));
        byUser.put(user, Map.copyOf(vhosts));
    }

    /** Clears a user's topic permission on one exchange of a virtual host. */
    public synchronized void clear(String user, String vhost, String exchange) {
        Map<String, Map<String, TopicPermission>> vhosts = byUser.get(user);
        if (vhosts == null || !vhosts.containsKey(vhost)) {
            return;
        }
        Map<String, TopicPermission> exchanges = new HashMap<>(vhosts.get(vhost));
        if (exchanges.containsKey(exchange)) {
            journal.deleteTopicPermission(user, vhost, exchange);
        }
        exchanges.remove(exchange);
        replace(user, vhost, vhosts, exchanges);
    }

    /** Clears all of a user's topic permissions in a virtual host. */
    public synchronized void clear(String user, String vhost) {
        Map<String, Map<String, TopicPermission>> vhosts = byUser.get(user);
        if (vhosts != null && vhosts.containsKey(vhost)) {
            for (String exchange : vhosts.get(vhost).keySet()) {
                journal.deleteTopicPermission(user, vhost, exchange);
            }
            replace(user, vhost, vhosts, Map.of());
        }
    }

    /** Forgets every topic permission of a user (the user was deleted). */
    public synchronized void clearUser(String user) {
        Map<String, Map<String, TopicPermission>> vhosts = byUser.get(user);
        if (vhosts == null) {
            return;
        }
        for (Map.Entry<String, Map<String, TopicPermission>> inVhost : vhosts.entrySet()) {
            for (String exchange : inVhost.getValue().keySet()) {
                journal.deleteTopicPermission(user, inVhost.getKey(), exchange);
            }
        }
        byUser.remove(user);
    }

    /** Forgets every topic permission in a virtual host (the virtual host was deleted). */
    public synchronized void clearVhost(String vhost) {
        for (String user : List.copyOf(byUser.keySet())) {
            clear(user, vhost);
        }
    }

    /** The permission on one exchange, or null when there is none (every routing key is then allowed). */
    public TopicPermission get(String user, String vhost, String exchange) {
        Map<String, TopicPermission> exchanges = inVhost(user, vhost);
        return exchanges == null ? null : exchanges.get(exchange);
    }

    /** Whether the user has any topic permission in the virtual host: when not, no routing key needs checking. */
    public boolean any(String user, String vhost) {
        return inVhost(user, vhost) != null;
    }

    /** A user's topic permissions in a virtual host. */
    public List<TopicPermission> list(String user, String vhost) {
        Map<String, TopicPermission> exchanges = inVhost(user, vhost);
        return exchanges == null ? List.of() : new ArrayList<>(exchanges.values());
    }

    private Map<String, TopicPermission> inVhost(String user, String vhost) {
        Map<String, Map<String, TopicPermission>> vhosts = byUser.get(user);
        return vhosts == null ? null : vhosts.get(vhost);
    }

    private void replace(String user, String vhost, Map<String, Map<String, TopicPermission>> vhosts,
                         Map<String, TopicPermission> exchanges) {
        Map<String, Map<String, TopicPermission>> updated = new HashMap<>(vhosts);
        if (exchanges.isEmpty()) {
            updated.remove(vhost);
        } else {
            updated.put(vhost, Map.copyOf(exchanges));
        }
        if (updated.isEmpty()) {
            byUser.remove(user);
        } else {
            byUser.put(user, Map.copyOf(updated));
        }
    }
}
