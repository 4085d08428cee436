package dev.spool.engine.durable;

import dev.spool.engine.auth.Permission;
import dev.spool.engine.exchange.Binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the definitions journal held at start, decoded, for the broker to restore: parents before children
 * (virtual hosts, users, permissions, exchanges, queues, bindings). Immutable.
 */
public record Definitions(List<VirtualHostRecord> vhosts, List<UserRecord> users,
                          List<PermissionRecord> permissions, List<ExchangeRecord> exchanges,
                          List<QueueRecord> queues, List<BindingRecord> bindings) {

    public Definitions {
        vhosts = List.copyOf(vhosts);
        users = List.copyOf(users);
        permissions = List.copyOf(permissions);
        exchanges = List.copyOf(exchanges);
        queues = List.copyOf(queues);
        bindings = List.copyOf(bindings);
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
}
