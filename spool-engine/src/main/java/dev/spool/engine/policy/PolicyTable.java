package dev.spool.engine.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The policies (or the operator policies) of one virtual host, and which one applies to a resource: of those whose
 * apply-to admits the resource and whose pattern matches its name, the one with the highest priority. RabbitMQ leaves
 * the choice among equal priorities undefined; Spool picks the policy whose name sorts first, so the choice is stable
 * across restarts and nodes. A virtual host keeps two tables, one per kind; a queue's settings come from both (see
 * {@link EffectiveQueueSettings#resolve}).
 *
 * <p><b>Threading.</b> Thread-safe. Writers (management, definitions recovery) serialize on this table's monitor and
 * publish a new sorted array; {@link #match} and {@link #list} read the current array without locking. After a
 * change, the virtual host re-resolves the settings of every queue and exchange (policy changes are rare; matching is
 * a regex per policy per resource, off the message path).
 *
 * <p><b>Persistence</b> (wired with the definitions log): each {@link #put} and {@link #remove} is recorded as a
 * definitions record; recovery replays them through {@link #put}, so policies survive a restart like exchanges do.
 */
public final class PolicyTable {
    private static final Comparator<CompiledPolicy> BY_PRECEDENCE =
            Comparator.comparingInt(CompiledPolicy::priority).reversed().thenComparing(CompiledPolicy::name);

    private final String vhost;
    private final boolean operator;
    /** Sorted by {@link #BY_PRECEDENCE}: the first match wins. Replaced, never modified. */
    private volatile CompiledPolicy[] policies = new CompiledPolicy[0];

    /**
     * @param vhost    the virtual host whose policies this holds
     * @param operator true for the operator policies
     */
    public PolicyTable(String vhost, boolean operator) {
        this.vhost = Objects.requireNonNull(vhost, "vhost");
        this.operator = operator;
    }

    /**
     * Adds or replaces the policy with the same name.
     *
     * @return the policy it replaced, or null
     * @throws IllegalArgumentException for a policy of another virtual host or of the other kind
     */
    public synchronized CompiledPolicy put(CompiledPolicy policy) {
        if (!policy.vhost().equals(vhost) || policy.isOperatorPolicy() != operator) {
            throw new IllegalArgumentException(policy + " does not belong in " + this);
        }
        List<CompiledPolicy> next = new ArrayList<>(Arrays.asList(policies));
        CompiledPolicy previous = null;
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(policy.name())) {
                previous = next.remove(i);
                break;
            }
        }
        next.add(policy);
        next.sort(BY_PRECEDENCE);
        policies = next.toArray(new CompiledPolicy[0]);
        return previous;
    }

    /**
     * Removes the policy called {@code name}.
     *
     * @return it, or null when there was none (RabbitMQ's clear_policy then fails with "not found"; the caller says so)
     */
    public synchronized CompiledPolicy remove(String name) {
        CompiledPolicy[] current = policies;
        for (int i = 0; i < current.length; i++) {
            if (current[i].name().equals(name)) {
                CompiledPolicy[] next = new CompiledPolicy[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                policies = next;
                return current[i];
            }
        }
        return null;
    }

    /** The policy called {@code name}, or null. */
    public CompiledPolicy get(String name) {
        for (CompiledPolicy policy : policies) {
            if (policy.name().equals(name)) {
                return policy;
            }
        }
        return null;
    }

    /** The policy that applies to {@code resourceName} of kind {@code target}, or null. */
    public CompiledPolicy match(String resourceName, PolicyTarget target) {
        for (CompiledPolicy policy : policies) {
            if (policy.matches(resourceName, target)) {
                return policy;
            }
        }
        return null;
    }

    /** Every policy, lowest priority first (the order of {@code rabbitmqctl list_policies}). */
    public List<CompiledPolicy> list() {
        CompiledPolicy[] current = policies;
        List<CompiledPolicy> out = new ArrayList<>(current.length);
        for (int i = current.length - 1; i >= 0; i--) {
            out.add(current[i]);
        }
        return out;
    }

    public boolean isEmpty() {
        return policies.length == 0;
    }

    @Override
    public String toString() {
        return (operator ? "operator policies" : "policies") + " of vhost '" + vhost + "'";
    }
}
