package dev.spool.engine.dedup;

import dev.spool.engine.message.FieldValues;

import java.util.Base64;
import java.util.Map;

/**
 * What makes two messages duplicates: the value of the deduplication header ({@code x-deduplication-header} unless
 * the queue or exchange names another with {@code x-deduplication-header}), or, when the message has no such header,
 * its {@code message-id} property (a Spool addition; LavinMQ only reads the header). Values are compared by type and
 * content, as LavinMQ compares field values: the text {@code "1"} and the integer {@code 1} are different keys.
 *
 * <p>Text keys are the header's own {@code String} (no copy for the front end's long strings, which cache their text);
 * other types get a prefix that no text header starts with in practice ({@code \u0000} and the type name). Stateless;
 * any thread.
 */
public final class DeduplicationKey {
    /** The header read when the settings name none. */
    public static final String DEFAULT_HEADER = "x-deduplication-header";

    private DeduplicationKey() {
    }

    /**
     * The key of a message, or null when it has neither the header nor a message id (such messages are never
     * duplicates).
     *
     * @param headers   the message's headers
     * @param header    the header to read
     * @param messageId the {@code message-id} property, or null
     */
    public static String of(Map<String, Object> headers, String header, String messageId) {
        Object value = headers.get(header);
        if (value != null) {
            return ofValue(value);
        }
        return messageId;
    }

    /** The key for one header value (null for null). */
    public static String ofValue(Object value) {
        if (value == null) {
            return null;
        }
        if (FieldValues.isText(value)) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return "\u0000binary:" + Base64.getEncoder().encodeToString(bytes);
        }
        if (FieldValues.isInteger(value)) {
            return "\u0000int:" + value;
        }
        return "\u0000" + FieldValues.typeName(value) + ":" + value;
    }
}
