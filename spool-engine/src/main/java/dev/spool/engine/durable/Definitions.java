package dev.spool.engine.durable;

import dev.spool.engine.VhostMetadata;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.TopicPermission;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.limits.UserLimits;
import dev.spool.engine.limits.VhostLimits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the definitions journal held at start, decoded, for the broker to restore: parents before children
 * (virtual hosts, users, permissions, exchanges, queues, bindings), then the settings around them (policies, topic
 * permissions, limits, virtual host metadata). Immutable.
 */
public record Definitions(List<VirtualHostRecord> vhosts, List<UserRecord> users,
                          List<PermissionRecord> permissions, List<ExchangeRecord> exchanges,
                          List<QueueRecord> queues, List<BindingRecord> bindings, List<PolicyRecord> policies,
                          List<TopicPermissionRecord> topicPermissions, List<VhostLimitsRecord> vhostLimits,
                          List<UserLimitsRecord> userLimits, List<VhostMetadataRecord> vhostMetadata) {

    public Definitions {
        vhosts = List.copyOf(vhosts);
        users = List.copyOf(users);
        permissions = List.copyOf(permissions);
        exchanges = List.copyOf(exchanges);
        queues = List.copyOf(queues);
        bindings = List.copyOf(bindings);
        policies = List.copyOf(policies);
        topicPermissions = List.copyOf(topicPermissions);
        vhostLimits = List.copyOf(vhostLimits);
        userLimits = List.copyOf(userLimits);
        vhostMetadata = List.copyOf(vhostMetadata);
    }

    /** Definitions without policies, topic permissions, limits or metadata. */
    public Definitions(List<VirtualHostRecord> vhosts, List<UserRecord> users, List<PermissionRecord> permissions,
                       List<ExchangeRecord> exchanges, List<QueueRecord> queues, List<BindingRecord> bindings) {
        this(vhosts, users, permissions, exchanges, queues, bindings, List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /** True for a journal never written to: a fresh data directory, where the broker creates its defaults. */
    public boolean isEmpty() {
        return vhosts.isEmpty() && users.isEmpty();
    }

    /** The exchanges of one virtual host. */
    public List<ExchangeRecord> exchangesOf(String vhost) {
        List<ExchangeRecord> mine = new ArrayList<>();
        for (ExchangeRecord record : exchanges) {
            if (record.vhost().equals(vhost)) {
                mine.add(record);
            }
        }
        return mine;
    }

    /** The queues of one virtual host. */
    public List<QueueRecord> queuesOf(String vhost) {
        List<QueueRecord> mine = new ArrayList<>();
        for (QueueRecord record : queues) {
            if (record.vhost().equals(vhost)) {
                mine.add(record);
            }
        }
        return mine;
    }

    /** The bindings of one virtual host. */
    public List<BindingRecord> bindingsOf(String vhost) {
        List<BindingRecord> mine = new ArrayList<>();
        for (BindingRecord record : bindings) {
            if (record.vhost().equals(vhost)) {
                mine.add(record);
            }
        }
        return mine;
    }

    /** A virtual host and the id that names its message log directory. */
    public record VirtualHostRecord(String name, int id) {
    }

    public record UserRecord(String name, String passwordHash, Set<String> tags) {
    }

    public record PermissionRecord(String user, String vhost, Permission permission) {
    }

    /** A durable exchange (durable is implied). */
    public record ExchangeRecord(String vhost, String name, String type, boolean autoDelete, boolean internal,
                                 Map<String, Object> arguments) {
    }

    /** A durable queue (durable is implied, exclusive impossible) and its id in the message log. */
    public record QueueRecord(String vhost, String name, int id, boolean autoDelete, Map<String, Object> arguments) {
    }

    /** A binding whose source and destination are both durable. */
    public record BindingRecord(String vhost, Binding binding) {
    }

    /**
     * A policy or operator policy as it was put (compiled and validated again when restored).
     *
     * @param applyTo as written ({@code queues}, {@code all}, ...)
     */
    public record PolicyRecord(String vhost, String name, boolean operator, String pattern, String applyTo,
                               int priority, Map<String, Object> definition) {
    }

    /** A user's topic permission on one exchange of a virtual host. */
    public record TopicPermissionRecord(String user, String vhost, TopicPermission permission) {
    }

    /** The limits set for one virtual host itself. */
    public record VhostLimitsRecord(String vhost, VhostLimits limits) {
    }

    /** The limits set for one user itself. */
    public record UserLimitsRecord(String user, UserLimits limits) {
    }

    /** A virtual host's description, tags and default queue type. */
    public record VhostMetadataRecord(String vhost, VhostMetadata metadata) {
    }
}
