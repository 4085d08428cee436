package dev.spool.engine.policy;

import dev.spool.engine.EngineException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A policy or operator policy, as {@code rabbitmqctl set_policy} / {@code set_operator_policy} and the HTTP API define
 * it: a name unique in its virtual host, a regular expression matched anywhere in resource names (as Erlang's
 * {@code re:run} does, so anchor it with {@code ^...$} to match whole names), what it applies to, a priority (higher
 * wins) and a definition of keys without the {@code x-} prefix. Validated when built. Immutable; any thread.
 */
public final class CompiledPolicy {
    private final boolean operator;
    private final String vhost;
    private final String name;
    private final String pattern;
    private final Pattern compiled;
    private final ApplyTo applyTo;
    private final int priority;
    private final Map<String, Object> definition;

    private CompiledPolicy(boolean operator, String vhost, String name, String pattern, ApplyTo applyTo, int priority,
                   Map<String, Object> definition) {
        this.operator = operator;
        this.vhost = Objects.requireNonNull(vhost, "vhost");
        this.name = Objects.requireNonNull(name, "name");
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.applyTo = Objects.requireNonNull(applyTo, "applyTo");
        this.priority = priority;
        try {
            this.compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw EngineException.preconditionFailed(ErlangTerms.format(pattern) + " is not a valid regex: "
                    + ErlangTerms.string(e.getDescription()));
        }
        PolicyDefinitions.validate(definition, operator);
        this.definition = Collections.unmodifiableMap(new LinkedHashMap<>(definition));
    }

    /**
     * A user policy.
     *
     * @throws dev.spool.engine.EngineException PRECONDITION_FAILED for an invalid pattern or definition
     */
    public static CompiledPolicy of(String vhost, String name, String pattern, ApplyTo applyTo, int priority,
                            Map<String, Object> definition) {
        return new CompiledPolicy(false, vhost, name, pattern, applyTo, priority, definition);
    }

    /**
     * An operator policy: only the keys an operator may cap (numeric limits, overflow, queue version,
     * consumer timeout).
     *
     * @throws dev.spool.engine.EngineException PRECONDITION_FAILED for an invalid pattern or definition
     */
    public static CompiledPolicy operator(String vhost, String name, String pattern, ApplyTo applyTo, int priority,
                                  Map<String, Object> definition) {
        return new CompiledPolicy(true, vhost, name, pattern, applyTo, priority, definition);
    }

    public boolean isOperatorPolicy() {
        return operator;
    }

    public String vhost() {
        return vhost;
    }

    public String name() {
        return name;
    }

    public String pattern() {
        return pattern;
    }

    public ApplyTo applyTo() {
        return applyTo;
    }

    public int priority() {
        return priority;
    }

    /** The definition, keys without the {@code x-} prefix; unmodifiable. */
    public Map<String, Object> definition() {
        return definition;
    }

    /** The value of a definition key, or null. */
    public Object get(String key) {
        return definition.get(key);
    }

    /** Whether this policy applies to the resource {@code resourceName} of kind {@code target}. */
    public boolean matches(String resourceName, PolicyTarget target) {
        if (!applyTo.appliesTo(target)) {
            return false;
        }
        Matcher matcher = compiled.matcher(resourceName);
        return matcher.find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompiledPolicy other && operator == other.operator && priority == other.priority
                && vhost.equals(other.vhost) && name.equals(other.name) && pattern.equals(other.pattern)
                && applyTo == other.applyTo && definition.equals(other.definition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operator, vhost, name, pattern, applyTo, priority, definition);
    }

    @Override
    public String toString() {
        return (operator ? "operator policy '" : "policy '") + name + "' in vhost '" + vhost + "' (" + pattern + ", "
                + applyTo.text() + ", priority " + priority + ", " + definition + ")";
    }
}
