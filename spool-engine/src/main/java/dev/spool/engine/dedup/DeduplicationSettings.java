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
        return new DeduplicationSettings(true,
                size instanceof Number n ? (int) Math.min(Integer.MAX_VALUE, n.longValue()) : DEFAULT_CACHE_SIZE,
                ttl instanceof Number n ? n.longValue() : FOREVER,
                header == null ? DeduplicationKey.DEFAULT_HEADER : header.toString());
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
