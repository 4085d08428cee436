package dev.spool.engine.policy;

import dev.spool.engine.message.FieldValues;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys a policy definition may hold, each with RabbitMQ's value rule and error text ({@code rabbit_policies}),
 * whether an operator policy may set it, and Spool's extension keys. A key unknown here is refused as "not recognised".
 */
enum PolicyKey {
    ALTERNATE_EXCHANGE("alternate-exchange", Check.TEXT, "is not a valid alternate exchange name", false),
    DEAD_LETTER_EXCHANGE("dead-letter-exchange", Check.TEXT, "is not a valid dead letter exchange name", false),
    DEAD_LETTER_ROUTING_KEY("dead-letter-routing-key", Check.TEXT, "is not a valid dead letter routing key", false),
    MESSAGE_TTL("message-ttl", Check.NON_NEGATIVE, "is not a valid message TTL", true),
    EXPIRES("expires", Check.POSITIVE, "is not a valid queue expiry", true),
    MAX_LENGTH("max-length", Check.NON_NEGATIVE, "is not a valid maximum length", true),
    MAX_LENGTH_BYTES("max-length-bytes", Check.NON_NEGATIVE, "is not a valid maximum length in bytes", true),
    MAX_IN_MEMORY_LENGTH("max-in-memory-length", Check.NON_NEGATIVE, "is not a valid maximum memory in bytes", true),
    MAX_IN_MEMORY_BYTES("max-in-memory-bytes", Check.NON_NEGATIVE, "is not a valid maximum memory in bytes", true),
    QUEUE_MODE("queue-mode", Check.QUEUE_MODE, "is not a valid queue-mode value", false),
    QUEUE_VERSION("queue-version", Check.QUEUE_VERSION, "is not a valid queue-version value", true),
    OVERFLOW("overflow", Check.OVERFLOW, "is not a valid overflow value", true),
    DELIVERY_LIMIT("delivery-limit", Check.NON_NEGATIVE, "is not a valid delivery limit", true),
    CONSUMER_TIMEOUT("consumer-timeout", Check.NON_NEGATIVE, "is not a valid consumer timeout", true),
    MAX_AGE("max-age", Check.MAX_AGE, "is not a valid max age", false),
    STREAM_MAX_SEGMENT_SIZE_BYTES("stream-max-segment-size-bytes", Check.NON_NEGATIVE, "is not a valid segment size",
            false),
    QUEUE_LEADER_LOCATOR("queue-leader-locator", Check.LEADER_LOCATOR, "is not a valid queue leader locator value",
            false),
    INITIAL_CLUSTER_SIZE("initial-cluster-size", Check.NON_NEGATIVE, "is not a valid cluster size", false),
    // Spool's extensions
    RETRY_DELAYS("retry-delays", Check.DELAY_LIST, "is not a valid list of retry delays", false),
    MESSAGE_DEDUPLICATION("message-deduplication", Check.BOOLEAN, "is not a valid deduplication flag", false),
    CACHE_SIZE("cache-size", Check.POSITIVE, "is not a valid cache size", false),
    CACHE_TTL("cache-ttl", Check.NON_NEGATIVE, "is not a valid cache TTL", false),
    DEDUPLICATION_HEADER("deduplication-header", Check.TEXT, "is not a valid deduplication header", false),
    DELAY("delay", Check.NON_NEGATIVE, "is not a valid delay", false);

    private final String key;
    private final Check check;
    private final String problem;
    private final boolean operatorAllowed;

    PolicyKey(String key, Check check, String problem, boolean operatorAllowed) {
        this.key = key;
        this.check = check;
        this.problem = problem;
        this.operatorAllowed = operatorAllowed;
    }

    String key() {
        return key;
    }

    boolean operatorAllowed() {
        return operatorAllowed;
    }

    /** The validation error for {@code value}, or null when it is valid. */
    String problemWith(Object value) {
        return check.accepts(value) ? null : ErlangTerms.format(value) + " " + problem;
    }

    static PolicyKey find(String key) {
        for (PolicyKey policyKey : values()) {
            if (policyKey.key.equals(key)) {
                return policyKey;
            }
        }
        return null;
    }

    private enum Check {
        TEXT, NON_NEGATIVE, POSITIVE, BOOLEAN, QUEUE_MODE, QUEUE_VERSION, OVERFLOW, MAX_AGE, LEADER_LOCATOR,
        DELAY_LIST;

        private static final Pattern MAX_AGE_PATTERN = Pattern.compile("[0-9]*[1-9][0-9]*[YMDhms]");

        boolean accepts(Object value) {
            return switch (this) {
                case TEXT -> FieldValues.isText(value);
                case NON_NEGATIVE -> ErlangTerms.isInteger(value) && ((Number) value).longValue() >= 0;
                case POSITIVE -> ErlangTerms.isInteger(value) && ((Number) value).longValue() >= 1;
                case BOOLEAN -> value instanceof Boolean;
                case QUEUE_MODE -> textIn(value, "default", "lazy");
                case QUEUE_VERSION -> ErlangTerms.isInteger(value)
                        && (((Number) value).longValue() == 1 || ((Number) value).longValue() == 2);
                case OVERFLOW -> FieldValues.isText(value) && Overflow.fromText(value.toString()) != null;
                case MAX_AGE -> FieldValues.isText(value) && MAX_AGE_PATTERN.matcher(value.toString()).matches();
                case LEADER_LOCATOR -> textIn(value, "client-local", "random", "least-leaders", "balanced");
                case DELAY_LIST -> isDelayList(value);
            };
        }

        private static boolean textIn(Object value, String... allowed) {
            if (!FieldValues.isText(value)) {
                return false;
            }
            String text = value.toString();
            for (String candidate : allowed) {
                if (candidate.equals(text)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isDelayList(Object value) {
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                return false;
            }
            for (Object element : list) {
                if (!ErlangTerms.isInteger(element) || ((Number) element).longValue() < 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
