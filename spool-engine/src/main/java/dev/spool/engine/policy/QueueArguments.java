package dev.spool.engine.policy;

import dev.spool.engine.EngineException;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.message.FieldValues;

import java.util.List;
import java.util.Map;

/**
 * Checks the {@code x-} arguments of queue.declare and basic.consume the way RabbitMQ 4 does
 * ({@code rabbit_amqqueue:check_declare_arguments/2}), with its texts, e.g. {@code invalid arg 'x-max-length' for
 * queue 'q' in vhost '/': {value_negative,-1}}, then Spool's extension arguments in the same style. Checks run in
 * RabbitMQ's order and the first failure is reported. Arguments no check knows are accepted and ignored, as RabbitMQ
 * does for a classic queue.
 *
 * <p><b>How it is wired</b>: the virtual host calls {@link #checkDeclare} before creating a queue (not for a passive
 * declare, and before the equivalence check of a redeclaration, as RabbitMQ does), and the channel calls
 * {@link #checkConsume} on basic.consume. Integers must arrive as {@code Byte}, {@code Short}, {@code Integer} or
 * {@code Long}: the front end converts the codec's unsigned integer types before handing arguments over. Stateless.
 */
public final class QueueArguments {
    /** RabbitMQ's largest timer: TTLs and expiries above it are refused. */
    public static final long MAX_EXPIRY = 4_294_967_295L;
    /** The highest {@code x-max-priority}. */
    public static final int MAX_PRIORITY = 255;
    /**
     * Spool's extension arguments of a classic queue. Redeclaring a queue compares them like RabbitMQ's own
     * ({@code inequivalent arg}), so the virtual host's equivalence check adds these to its list when wired.
     */
    public static final List<String> EXTENSION_ARGUMENTS = List.of("x-delivery-limit", "x-consumer-timeout",
            "x-retry-delays", "x-message-deduplication", "x-cache-size", "x-cache-ttl", "x-deduplication-header",
            "x-delay", "x-group-header");

    /** RabbitMQ's check order for a classic queue, then Spool's extensions. */
    private static final String[] DECLARE_ORDER = {
        "x-expires", "x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length",
        "x-max-length-bytes", "x-max-priority", "x-overflow", "x-queue-mode", "x-queue-version",
        "x-single-active-consumer",
        "x-delivery-limit", "x-consumer-timeout", "x-retry-delays", "x-message-deduplication", "x-cache-size",
        "x-cache-ttl", "x-deduplication-header", "x-delay", "x-group-header"
    };

    private QueueArguments() {
    }

    /**
     * @throws EngineException PRECONDITION_FAILED {@code invalid arg '<key>' for queue '<q>' in vhost '<v>': <why>}
     */
    public static void checkDeclare(String vhost, String queue, Map<String, Object> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return;
        }
        check(vhost, queue, arguments, "x-queue-type");
        for (String key : DECLARE_ORDER) {
            check(vhost, queue, arguments, key);
        }
    }

    /**
     * @throws EngineException PRECONDITION_FAILED for a non-integer {@code x-priority} or non-boolean
     *                         {@code x-cancel-on-ha-failover}
     */
    public static void checkConsume(String vhost, String queue, Map<String, Object> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return;
        }
        check(vhost, queue, arguments, "x-priority");
        check(vhost, queue, arguments, "x-cancel-on-ha-failover");
    }

    private static void check(String vhost, String queue, Map<String, Object> arguments, String key) {
        if (!arguments.containsKey(key)) {
            return;
        }
        String why = problem(key, arguments.get(key), arguments);
        if (why != null) {
            throw EngineException.preconditionFailed("invalid arg '" + key + "' for "
                    + ResourceNames.queue(vhost, queue) + ": " + why);
        }
    }

    /** RabbitMQ's error term for {@code value} under {@code key}, printed as {@code ~255p} prints it; null if valid. */
    static String problem(String key, Object value, Map<String, Object> arguments) {
        switch (key) {
            case "x-expires":
                return expiry(value, true);
            case "x-message-ttl":
                return expiry(value, false);
            case "x-dead-letter-exchange":
            case "x-deduplication-header":
            case "x-group-header":
                return FieldValues.isText(value) ? null : unacceptable(value);
            case "x-dead-letter-routing-key":
                if (!FieldValues.isText(value)) {
                    return unacceptable(value);
                }
                return arguments.containsKey("x-dead-letter-exchange") ? null : "routing_key_but_no_dlx_defined";
            case "x-max-length":
            case "x-max-length-bytes":
            case "x-delivery-limit":
            case "x-consumer-timeout":
            case "x-cache-ttl":
            case "x-delay":
                return nonNegative(value);
            case "x-cache-size":
                return positive(value);
            case "x-max-priority": {
                String problem = nonNegative(value);
                if (problem == null && ((Number) value).longValue() > MAX_PRIORITY) {
                    return "{max_value_exceeded," + value + "}";
                }
                return problem;
            }
            case "x-overflow":
                if (!FieldValues.isText(value)) {
                    return unacceptable(value);
                }
                return Overflow.fromText(value.toString()) == null ? "invalid_overflow" : null;
            case "x-queue-mode":
                if (!FieldValues.isText(value)) {
                    return unacceptable(value);
                }
                return oneOf(value, "default", "lazy") ? null
                        : ErlangTerms.string("unsupported queue mode '" + value + "'");
            case "x-queue-version": {
                String problem = nonNegative(value);
                if (problem == null && !oneOf(((Number) value).longValue(), 1, 2)) {
                    return ErlangTerms.string("unsupported queue version '" + value + "'");
                }
                return problem;
            }
            case "x-queue-type":
                if (!FieldValues.isText(value)) {
                    return unacceptable(value);
                }
                return oneOf(value, "classic", "quorum", "stream") ? null
                        : ErlangTerms.string("unsupported queue type '" + value + "'");
            case "x-single-active-consumer":
            case "x-message-deduplication":
            case "x-cancel-on-ha-failover":
                return value instanceof Boolean ? null : unacceptable(value);
            case "x-priority":
                return integer(value);
            case "x-retry-delays":
                return delayList(value);
            default:
                return null;
        }
    }

    private static String integer(Object value) {
        return ErlangTerms.isInteger(value) ? null
                : ErlangTerms.string("expected integer, got " + FieldValues.typeName(value));
    }

    private static String nonNegative(Object value) {
        String problem = integer(value);
        if (problem == null && ((Number) value).longValue() < 0) {
            return "{value_negative," + value + "}";
        }
        return problem;
    }

    private static String positive(Object value) {
        String problem = nonNegative(value);
        if (problem == null && ((Number) value).longValue() == 0) {
            return "{value_zero,0}";
        }
        return problem;
    }

    /** {@code check_expires_arg} (zero refused) and {@code check_message_ttl_arg}, both ending in check_expiry. */
    private static String expiry(Object value, boolean zeroRefused) {
        String problem = integer(value);
        if (problem != null) {
            return problem;
        }
        long n = ((Number) value).longValue();
        if (zeroRefused && n == 0) {
            return "{value_zero,0}";
        }
        if (n > MAX_EXPIRY) {
            return "{value_too_big," + value + "}";
        }
        if (n < 0) {
            return "{value_negative," + value + "}";
        }
        return null;
    }

    private static String delayList(Object value) {
        if (!(value instanceof List<?> delays)) {
            return unacceptable(value);
        }
        if (delays.isEmpty()) {
            return "{value_empty,[]}";
        }
        for (Object delay : delays) {
            String problem = nonNegative(delay);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String unacceptable(Object value) {
        return "{unacceptable_type," + FieldValues.typeName(value) + "}";
    }

    private static boolean oneOf(Object value, String... allowed) {
        String text = value.toString();
        for (String candidate : allowed) {
            if (candidate.equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static boolean oneOf(long value, long a, long b) {
        return value == a || value == b;
    }
}
