package dev.spool.engine.exchange;

import dev.spool.engine.EngineException;
import dev.spool.engine.message.FieldValues;

import java.util.Arrays;
import java.util.Map;

/**
 * One headers-exchange binding, parsed once: {@code x-match} mode and the header entries it compares. Follows
 * RabbitMQ's {@code rabbit_exchange_type_headers}: {@code all} (the default) needs every entry to match, {@code any}
 * needs one; {@code x-} keys in the binding are ignored unless the mode is {@code all-with-x} or {@code any-with-x}
 * ({@code x-match} itself always is); an entry whose value is void ({@code null}) matches on the header's presence,
 * whatever its value. So {@code all} with no entries matches every message and {@code any} with none matches nothing.
 * Immutable; matched from any thread.
 */
final class HeadersMatch {
    private static final String X_MATCH = "x-match";

    final Destination destination;
    private final boolean any;
    private final String[] keys;
    private final Object[] values;

    HeadersMatch(Destination destination) {
        this.destination = destination;
        Map<String, Object> arguments = destination.binding.arguments();
        Object mode = arguments.get(X_MATCH);
        String modeText = mode == null ? "all" : mode.toString();
        this.any = modeText.equals("any") || modeText.equals("any-with-x");
        boolean withX = modeText.endsWith("-with-x");
        int n = 0;
        String[] k = new String[arguments.size()];
        Object[] v = new Object[arguments.size()];
        for (Map.Entry<String, Object> entry : arguments.entrySet()) {
            String key = entry.getKey();
            if (key.equals(X_MATCH) || (!withX && key.startsWith("x-"))) {
                continue;
            }
            k[n] = key;
            v[n] = entry.getValue();
            n++;
        }
        this.keys = Arrays.copyOf(k, n);
        this.values = Arrays.copyOf(v, n);
    }

    /** Whether a message with these headers matches. Hot path: allocates nothing. */
    boolean matches(Map<String, Object> headers) {
        if (any) {
            for (int i = 0; i < keys.length; i++) {
                if (entryMatches(i, headers)) {
                    return true;
                }
            }
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (!entryMatches(i, headers)) {
                return false;
            }
        }
        return true;
    }

    private boolean entryMatches(int i, Map<String, Object> headers) {
        Object expected = values[i];
        if (expected == null) {
            return headers.containsKey(keys[i]);
        }
        Object actual = headers.get(keys[i]);
        return actual != null && FieldValues.equal(expected, actual);
    }

    /**
     * Validates {@code x-match} as RabbitMQ does when a binding is added.
     *
     * @throws EngineException PRECONDITION_FAILED with RabbitMQ's text for an unknown mode or a non-string value
     */
    static void validate(Binding binding) {
        Map<String, Object> arguments = binding.arguments();
        if (!arguments.containsKey(X_MATCH)) {
            return;
        }
        Object mode = arguments.get(X_MATCH);
        if (!FieldValues.isText(mode)) {
            throw EngineException.preconditionFailed("Invalid x-match field type " + FieldValues.typeName(mode)
                    + " (value " + (mode == null ? "undefined" : mode.toString()) + "); expected longstr");
        }
        String text = mode.toString();
        if (!text.equals("all") && !text.equals("any") && !text.equals("all-with-x") && !text.equals("any-with-x")) {
            throw EngineException.preconditionFailed("Invalid x-match field value <<\"" + text
                    + "\">>; expected all, any, all-with-x, or any-with-x");
        }
    }
}
