package dev.spool.engine.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles permission regular expressions the way RabbitMQ's internal backend applies them: the expression is searched
 * for anywhere in the name (Erlang's {@code re:run}, not anchored), and the empty expression stands for {@code ^$}, so
 * it grants nothing but the empty name. An expression Java cannot compile grants nothing.
 *
 * <p>Compiled patterns are shared through a bounded cache, so checks do not recompile them. Thread-safe.
 */
final class PermissionPatterns {
    /** Matches nothing: what an expression that does not compile grants. */
    static final Pattern NOTHING = Pattern.compile("(?!)");
    private static final Pattern EMPTY_ONLY = Pattern.compile("^$");
    /** Expressions come from operators, so few are distinct; past this the cache starts over. */
    private static final int MAX_CACHED = 1024;
    private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private PermissionPatterns() {
    }

    /** The pattern for a permission expression, to be used with {@link java.util.regex.Matcher#find()}. */
    static Pattern compile(String regex) {
        if (regex.isEmpty()) {
            return EMPTY_ONLY;
        }
        Pattern cached = CACHE.get(regex);
        if (cached != null) {
            return cached;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            pattern = NOTHING;
        }
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        CACHE.put(regex, pattern);
        return pattern;
    }

    /** Whether {@code regex} compiles (what management checks before storing a permission). */
    static boolean isValid(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
