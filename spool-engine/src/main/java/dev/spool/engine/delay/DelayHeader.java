package dev.spool.engine.delay;

import dev.spool.engine.message.FieldValues;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.message.MessageFormats;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code x-delay} header of a message published to an {@code x-delayed-message} exchange, read as the
 * rabbitmq-delayed-message-exchange plugin reads it: an integer of any width is the delay in milliseconds, a long
 * string holding an integer counts too, a float or decimal is truncated; anything else, a missing header, or a delay
 * of 0 or less routes the message at once. Unlike the plugin, which routes delays above 2^32 - 1 ms at once, Spool
 * delays any positive value (no horizon). When the delay is over, the plugin replaces the header with the negated
 * delay so that a second delayed exchange further on does not delay it again, and consumers can tell it was delayed;
 * {@link #afterDelay} does the same. Stateless; any thread.
 */
public final class DelayHeader {
    /** The header. */
    public static final String NAME = "x-delay";
    /** No delay: route now. */
    public static final long NO_DELAY = 0;

    private DelayHeader() {
    }

    /** The delay {@code headers} ask for in ms, or {@link #NO_DELAY}. */
    public static long delayOf(Map<String, Object> headers) {
        Object value = headers.get(NAME);
        if (value == null) {
            return NO_DELAY;
        }
        long delay;
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            delay = ((Number) value).longValue();
        } else if (value instanceof Float || value instanceof Double || value instanceof BigDecimal) {
            delay = (long) ((Number) value).doubleValue();
        } else if (FieldValues.isText(value)) {
            delay = parseInteger(value.toString());
        } else {
            return NO_DELAY;
        }
        return Math.max(NO_DELAY, delay);
    }

    /**
     * The headers of the message when its delay is over: a copy with {@code x-delay} set to {@code -delay} (an
     * {@code Integer}, the plugin's signed 32-bit type, when it fits; else a {@code Long}).
     */
    public static Map<String, Object> afterDelay(Map<String, Object> headers, long delay) {
        Map<String, Object> out = new LinkedHashMap<>(headers);
        long negated = -delay;
        out.put(NAME, negated >= Integer.MIN_VALUE ? (Object) (int) negated : (Object) negated);
        return out;
    }

    /**
     * The message to route when its delay is over: {@code stored} (as read back from the log, or as published)
     * rebuilt by the front end's {@link MessageFormat} with {@code x-delay} set to minus its delay, received at
     * {@code nowMillis} (so a TTL counts from now). Without a registered format (an engine without a front end) the
     * stored message is routed as it is.
     */
    public static Message released(Message stored, long nowMillis) {
        MessageFormat format = MessageFormats.current();
        if (format == null) {
            return stored;
        }
        Map<String, Object> headers = stored.headers();
        if (headers.isEmpty() && format.properties(stored).get("headers") instanceof Map<?, ?> decoded) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) decoded; // read back from the log: decode once
            headers = typed;
        }
        long negated = -delayOf(headers);
        Object value = negated >= Integer.MIN_VALUE ? (Object) (int) negated : (Object) negated;
        return format.rewrite(stored, stored.exchange(), stored.routingKey(), Map.of(NAME, value), false, nowMillis);
    }

    /** Erlang's binary_to_integer: an optional sign and digits only; anything else means no delay. */
    private static long parseInteger(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        if (start == text.length()) {
            return NO_DELAY;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return NO_DELAY;
            }
        }
        try {
            return Long.parseLong(text.charAt(0) == '+' ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return text.charAt(0) == '-' ? NO_DELAY : Long.MAX_VALUE;
        }
    }
}
