package dev.spool.engine.dedup;

import dev.spool.engine.message.FieldValues;

import java.util.Map;

/**
 * A queue's or exchange's deduplication settings, read from its (already validated) arguments or policy:
 * {@code x-message-deduplication} (turns it on), {@code x-cache-size} (how many keys are remembered, default
 * {@value #DEFAULT_CACHE_SIZE} as in LavinMQ), {@code x-cache-ttl} (how long a key is remembered, in milliseconds;
 * absent: until evicted) and {@code x-deduplication-header} (which header carries the key). A message may shorten or
 * lengthen its own window with an integer {@code x-cache-ttl} header, as with LavinMQ and the RabbitMQ plugin.
 * Immutable.
 *
 * @param enabled     whether duplicates are dropped
 * @param cacheSize   the most keys remembered at once
 * @param cacheTtl    how long a key is remembered in milliseconds, or {@link #FOREVER}
 * @param header      the header that carries the key
 */
public record DeduplicationSettings(boolean enabled, int cacheSize, long cacheTtl, String header) {
    public static final int DEFAULT_CACHE_SIZE = 128;
    /** A key stays until it is evicted. */
    public static final long FOREVER = -1;
    /** The per-message header that overrides {@link #cacheTtl()}. */
    public static final String TTL_HEADER = "x-cache-ttl";
    /** Deduplication off. */
    public static final DeduplicationSettings OFF =
            new DeduplicationSettings(false, DEFAULT_CACHE_SIZE, FOREVER, DeduplicationKey.DEFAULT_HEADER);

    /**
     * Reads the settings from {@code x-} arguments (queue or exchange arguments, or a policy definition with the
     * {@code x-} prefix removed, see {@code prefix}). Values must already be validated.
     *
     * @param values the arguments
     * @param prefix {@code "x-"} for arguments, {@code ""} for policy definitions
     */
    public static DeduplicationSettings from(Map<String, Object> values, String prefix) {
        Object enabled = values.get(prefix + "message-deduplication");
        if (!Boolean.TRUE.equals(enabled)) {
            return OFF;
        }
        Object size = values.get(prefix + "cache-size");
        Object ttl = values.get(prefix + "cache-ttl");
        Object header = values.get(prefix + "deduplication-header");
        // clamped as well as validated: a value that slipped past validation must not fail the owner's creation
        return new DeduplicationSettings(true,
                size instanceof Number n ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, n.longValue()))
                        : DEFAULT_CACHE_SIZE,
                ttl instanceof Number n && n.longValue() >= 0 ? n.longValue() : FOREVER,
                header == null ? DeduplicationKey.DEFAULT_HEADER : header.toString());
    }

    /**
     * Checks the deduplication arguments of exchange.declare (exchanges have no policy for them), with the texts
     * queue arguments fail with: {@code x-message-deduplication} a boolean, {@code x-cache-size} an integer of at
     * least 1, {@code x-cache-ttl} an integer of at least 0, {@code x-deduplication-header} a string.
     *
     * @return null when valid, else the problem: {@code invalid arg '<key>' for exchange '<x>' in vhost '<v>': <why>}
     */
    public static String checkExchangeArguments(String vhost, String exchange, Map<String, Object> arguments) {
        for (String key : ARGUMENTS) {
            Object value = arguments.get(key);
            String why = value == null ? null : problem(key, value);
            if (why != null) {
                return "invalid arg '" + key + "' for exchange '" + exchange + "' in vhost '" + vhost + "': " + why;
            }
        }
        return null;
    }

    private static final String[] ARGUMENTS = {
        "x-message-deduplication", "x-cache-size", "x-cache-ttl", "x-deduplication-header"};

    private static String problem(String key, Object value) {
        switch (key) {
            case "x-message-deduplication":
                return value instanceof Boolean ? null : "{unacceptable_type," + FieldValues.typeName(value) + "}";
            case "x-deduplication-header":
                return FieldValues.isText(value) ? null : "{unacceptable_type," + FieldValues.typeName(value) + "}";
            default:
                if (!FieldValues.isInteger(value)) {
                    return "\"expected integer, got " + FieldValues.typeName(value) + "\"";
                }
                long n = ((Number) value).longValue();
                if (n < 0) {
                    return "{value_negative," + n + "}";
                }
                return n == 0 && key.equals("x-cache-size") ? "{value_zero,0}" : null;
        }
    }

    /** The window for one message: its integer {@code x-cache-ttl} header if it has one, else {@link #cacheTtl()}. */
    public long ttlFor(Map<String, Object> headers) {
        Object value = headers.get(TTL_HEADER);
        if (value != null && FieldValues.isInteger(value)) {
            long ttl = ((Number) value).longValue();
            return ttl >= 0 ? ttl : cacheTtl;
        }
        return cacheTtl;
    }
}
