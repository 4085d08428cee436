package dev.spool.engine.policy;

import dev.spool.engine.EngineException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a policy definition before it is stored, with RabbitMQ's rules and texts ({@code rabbit_policy:validation}
 * and {@code rabbit_policies:validate_policy0}): an empty definition is refused, each known key's value is checked
 * (the first bad one is reported, e.g. {@code <<"abc">> is not a valid message TTL}), then any key left over is
 * reported as {@code [{<<"foo">>,1}] are not recognised policy settings}. An operator policy accepts only the keys an
 * operator may cap. The texts are the detail RabbitMQ puts after {@code Validation failed}; front ends add that.
 * Stateless; any thread.
 */
public final class PolicyDefinitions {
    /** Keys for which the lower of the policy's and the operator policy's values applies. */
    private static final Set<String> LOWER_WINS = Set.of("message-ttl", "expires", "max-length", "max-length-bytes",
            "max-in-memory-length", "max-in-memory-bytes", "delivery-limit", "consumer-timeout");

    private PolicyDefinitions() {
    }

    /**
     * The definition in force when a policy and an operator policy both apply (RabbitMQ's
     * {@code rabbit_policy:effective_definition}): the keys of both; for a key both set, the lower value for the
     * numeric limits and the operator policy's value otherwise. What management shows as
     * {@code effective_policy_definition}.
     *
     * @param policy         the policy that applies, or null
     * @param operatorPolicy the operator policy that applies, or null
     */
    public static Map<String, Object> effective(CompiledPolicy policy, CompiledPolicy operatorPolicy) {
        Map<String, Object> merged = new LinkedHashMap<>(policy == null ? Map.of() : policy.definition());
        if (operatorPolicy != null) {
            for (Map.Entry<String, Object> entry : operatorPolicy.definition().entrySet()) {
                Object mine = merged.get(entry.getKey());
                Object theirs = entry.getValue();
                if (mine instanceof Number a && theirs instanceof Number b && LOWER_WINS.contains(entry.getKey())) {
                    merged.put(entry.getKey(), a.longValue() <= b.longValue() ? mine : theirs);
                } else {
                    merged.put(entry.getKey(), theirs);
                }
            }
        }
        return merged;
    }

    /**
     * @param definition the definition as decoded from JSON (strings, numbers, booleans, lists, maps)
     * @param operator   true for an operator policy
     * @throws EngineException PRECONDITION_FAILED with RabbitMQ's validation text
     */
    public static void validate(Map<String, Object> definition, boolean operator) {
        if (definition == null || definition.isEmpty()) {
            throw EngineException.preconditionFailed("no policy provided");
        }
        List<Map.Entry<String, Object>> unrecognised = new ArrayList<>();
        for (Map.Entry<String, Object> entry : definition.entrySet()) {
            PolicyKey key = PolicyKey.find(entry.getKey());
            if (key == null || (operator && !key.operatorAllowed())) {
                unrecognised.add(entry);
                continue;
            }
            String problem = key.problemWith(entry.getValue());
            if (problem != null) {
                throw EngineException.preconditionFailed(problem);
            }
        }
        if (!unrecognised.isEmpty()) {
            StringBuilder terms = new StringBuilder("[");
            for (int i = 0; i < unrecognised.size(); i++) {
                Map.Entry<String, Object> entry = unrecognised.get(i);
                terms.append(i == 0 ? "{" : ",{").append(ErlangTerms.format(entry.getKey())).append(',')
                        .append(ErlangTerms.format(entry.getValue())).append('}');
            }
            throw EngineException.preconditionFailed(terms + "] are not recognised policy settings");
        }
    }
}
