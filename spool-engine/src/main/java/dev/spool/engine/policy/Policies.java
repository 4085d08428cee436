package dev.spool.engine.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's policies, by virtual host and name. Thread-safe (a concurrent map of immutable records); written by
 * management, read by management and, later, by the features policies configure.
 */
public final class Policies {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Policy>> byVhost = new ConcurrentHashMap<>();

    /** Creates or replaces a policy. */
    public void put(Policy policy) {
        byVhost.computeIfAbsent(policy.vhost(), v -> new ConcurrentHashMap<>()).put(policy.name(), policy);
    }

    /** The policy, or null. */
    public Policy get(String vhost, String name) {
        ConcurrentHashMap<String, Policy> policies = byVhost.get(vhost);
        return policies == null ? null : policies.get(name);
    }

    /** Deletes a policy; returns false when there was none. */
    public boolean delete(String vhost, String name) {
        ConcurrentHashMap<String, Policy> policies = byVhost.get(vhost);
        return policies != null && policies.remove(name) != null;
    }

    /** The policies of one virtual host, or of all when {@code vhost} is null, by virtual host and name. */
    public List<Policy> list(String vhost) {
        List<Policy> out = new ArrayList<>();
        for (ConcurrentHashMap<String, Policy> policies : byVhost.values()) {
            for (Policy policy : policies.values()) {
                if (vhost == null || vhost.equals(policy.vhost())) {
                    out.add(policy);
                }
            }
        }
        out.sort(Comparator.comparing(Policy::vhost).thenComparing(Policy::name));
        return out;
    }

    /** Forgets every policy of a deleted virtual host. */
    public void vhostDeleted(String vhost) {
        byVhost.remove(vhost);
    }
}
