package dev.spool.engine;

import dev.spool.engine.durable.DefinitionJournal;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.policy.PolicyTable;
import dev.spool.engine.policy.PolicyTarget;
import dev.spool.engine.queue.Queue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The policies and operator policies of one virtual host, and their application: every queue holds the
 * {@link EffectiveQueueSettings} resolved from its arguments and the policy and operator policy that match it, every
 * exchange the policy that matches it. A change (put or remove) is journaled first on a durable broker, then made in
 * its {@link PolicyTable}, then every queue and exchange of the virtual host is re-resolved at once.
 *
 * <p><b>Threading.</b> Thread-safe. Changes serialize on this object's monitor only long enough to journal the change,
 * update the table and bump a version counter; re-resolution runs afterwards without any virtual-host lock, so a queue
 * that reacts to new settings (dropping messages over a new length limit, dead-lettering them) never runs under a
 * lock of the virtual host. Resolving a queue reads the version before resolving and again after applying, and
 * repeats when a change came in between: whichever thread applies last, a queue ends up with the settings of the
 * latest tables. New queues and exchanges are resolved by the virtual host right after they enter its maps (under its
 * definitions lock: the order definitions lock, then queue lock, is the virtual host's own).
 */
public final class VhostPolicies {
    private final String vhost;
    private final PolicyTable policies;
    private final PolicyTable operatorPolicies;
    /** Null for a virtual host kept in memory only. */
    private final DefinitionJournal journal;
    private final Map<String, ? extends Queue> queues;
    private final Map<String, Exchange> exchanges;
    /** Bumped after every table change, before re-resolution starts. */
    private final AtomicLong version = new AtomicLong();
    private volatile long defaultConsumerTimeout = EffectiveQueueSettings.NONE;

    VhostPolicies(String vhost, DefinitionJournal journal, Map<String, ? extends Queue> queues,
                  Map<String, Exchange> exchanges) {
        this.vhost = Objects.requireNonNull(vhost, "vhost");
        this.policies = new PolicyTable(vhost, false);
        this.operatorPolicies = new PolicyTable(vhost, true);
        this.journal = journal;
        this.queues = queues;
        this.exchanges = exchanges;
    }

    /**
     * Adds or replaces a policy (or operator policy, by its kind) and applies it to every matching queue and exchange
     * before returning.
     *
     * @return the policy of that name and kind it replaced, or null
     * @throws IllegalArgumentException for a policy of another virtual host
     * @throws EngineException          INTERNAL_ERROR when the journal cannot be written (nothing changed then)
     */
    public CompiledPolicy put(CompiledPolicy policy) {
        if (!policy.vhost().equals(vhost)) {
            throw new IllegalArgumentException(policy + " does not belong in vhost '" + vhost + "'");
        }
        CompiledPolicy previous;
        synchronized (this) {
            if (journal != null) {
                journal.putPolicy(policy);
            }
            previous = table(policy.isOperatorPolicy()).put(policy);
            version.incrementAndGet();
        }
        reresolveAll();
        return previous;
    }

    /**
     * Removes a policy (RabbitMQ's {@code clear_policy}) or operator policy, and re-resolves every queue and exchange.
     *
     * @return the policy removed, or null when there was none by that name
     */
    public CompiledPolicy remove(String name, boolean operator) {
        CompiledPolicy removed;
        synchronized (this) {
            PolicyTable table = table(operator);
            if (table.get(name) == null) {
                return null;
            }
            if (journal != null) {
                journal.deletePolicy(vhost, name, operator);
            }
            removed = table.remove(name);
            version.incrementAndGet();
        }
        reresolveAll();
        return removed;
    }

    /** The policy (or operator policy) called {@code name}, or null. */
    public CompiledPolicy get(String name, boolean operator) {
        return table(operator).get(name);
    }

    /** The policies or the operator policies, lowest priority first. */
    public List<CompiledPolicy> list(boolean operator) {
        return table(operator).list();
    }

    /** The policy that applies to a queue or exchange now, or null. */
    public CompiledPolicy match(String name, PolicyTarget target, boolean operator) {
        return table(operator).match(name, target);
    }

    /**
     * The broker's consumer timeout, used by queues that set none through arguments or policies; re-resolves every
     * queue.
     *
     * @param millis the timeout in ms, or {@link EffectiveQueueSettings#NONE}
     */
    public void useDefaultConsumerTimeout(long millis) {
        defaultConsumerTimeout = millis;
        version.incrementAndGet();
        reresolveAll();
    }

    /** Resolves a queue's settings with the current tables and applies them (repeating if the tables changed). */
    public void resolve(Queue queue) {
        PolicyTarget target = targetOf(queue);
        while (true) {
            long seen = version.get();
            CompiledPolicy policy = policies.match(queue.name(), target);
            CompiledPolicy operator = operatorPolicies.match(queue.name(), target);
            EffectiveQueueSettings resolved = EffectiveQueueSettings.resolve(queue.settings().arguments(), policy,
                    operator, defaultConsumerTimeout);
            if (!resolved.equals(queue.effectiveSettings())) {
                queue.applySettings(resolved); // only queues whose settings change hear of it
            }
            if (version.get() == seen) {
                return;
            }
        }
    }

    /** Applies the matching policy to an exchange (operator policies never apply to exchanges, as in RabbitMQ). */
    public void resolve(Exchange exchange) {
        while (true) {
            long seen = version.get();
            exchange.applyPolicy(policies.match(exchange.name(), PolicyTarget.EXCHANGE));
            if (version.get() == seen) {
                return;
            }
        }
    }

    /** Re-resolves every queue and exchange of the virtual host. No lock held. */
    void reresolveAll() {
        for (Queue queue : queues.values()) {
            if (!queue.isDeleted()) {
                resolve(queue);
            }
        }
        for (Exchange exchange : exchanges.values()) {
            if (!exchange.name().isEmpty()) {
                resolve(exchange);
            }
        }
    }

    /** Puts a policy read back from the journal, without journaling it again or re-resolving. At start only. */
    void restore(CompiledPolicy policy) {
        table(policy.isOperatorPolicy()).put(policy);
        version.incrementAndGet();
    }

    /** The virtual host is being deleted: forgets its policies, in the journal too. */
    synchronized void deleteAll() {
        for (boolean operator : new boolean[] {false, true}) {
            PolicyTable table = table(operator);
            for (CompiledPolicy policy : table.list()) {
                if (journal != null) {
                    journal.deletePolicy(vhost, policy.name(), operator);
                }
                table.remove(policy.name());
            }
        }
        version.incrementAndGet();
    }

    /** Which kind of queue a policy's apply-to sees: the queue type named by {@code x-queue-type}, classic if none. */
    static PolicyTarget targetOf(Queue queue) {
        Object type = queue.settings().arguments().get("x-queue-type");
        String text = type == null ? "classic" : type.toString();
        return switch (text) {
            case "quorum" -> PolicyTarget.QUORUM_QUEUE;
            case "stream" -> PolicyTarget.STREAM;
            default -> PolicyTarget.CLASSIC_QUEUE;
        };
    }

    private PolicyTable table(boolean operator) {
        return operator ? operatorPolicies : policies;
    }
}
