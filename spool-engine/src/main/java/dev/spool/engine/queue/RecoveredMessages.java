package dev.spool.engine.queue;

import dev.spool.engine.expiry.MessageExpiration;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.message.MessageFormats;
import dev.spool.store.log.MessageRecord;

import java.util.List;
import java.util.Map;

/**
 * Reads back, from a message's stored record, the facts a queue needs to place it after a restart and that the
 * record does not keep apart from the encoded properties: its priority (a priority queue's lane) and the value of one
 * header (a message group), and its per-message TTL. The properties are decoded through the front end's {@link MessageFormat}, since the
 * engine never parses them itself; this happens once per recovered message, and only for queues that need it.
 *
 * <p>Stateless; any thread (recovery runs on the opening thread).
 */
final class RecoveredMessages {
    private RecoveredMessages() {
    }

    /** The record's {@code priority} property, 0 when absent or when no front end registered a format. */
    static int priority(MessageRecord record) {
        return priority(properties(record));
    }

    /**
     * The {@code priority} property of a message read back from the log ({@link QueueLog#read} leaves
     * {@link Message#priority()} at 0), 0 when absent.
     */
    static int priority(Message readBack) {
        return priority(properties(readBack));
    }

    /**
     * The per-message TTL of the record's {@code expiration} property, or {@link Message#NO_TTL} when it has none,
     * when no front end registered a format or when the property cannot be read.
     */
    static long ttl(MessageRecord record) {
        MessageFormat format = MessageFormats.current();
        if (!record.hasExpiration() || format == null) {
            return Message.NO_TTL;
        }
        try {
            Message properties = new Message("", "", record.properties(), new byte[0], Map.of(), List.of(), true, 0,
                    record.timestampMillis());
            String expiration = format.expiration(properties);
            return expiration == null ? Message.NO_TTL : MessageExpiration.parseTtl(expiration);
        } catch (RuntimeException e) {
            return Message.NO_TTL;
        }
    }

    /** The text of header {@code header} in the record's properties, or null when it is absent. */
    static String header(MessageRecord record, String header) {
        return header(properties(record), header);
    }

    /** The text of header {@code header} of a message read back from the log (its headers are not decoded). */
    static String header(Message readBack, String header) {
        return header(properties(readBack), header);
    }

    private static int priority(Map<String, Object> properties) {
        return properties != null && properties.get("priority") instanceof Number n ? n.intValue() : 0;
    }

    private static String header(Map<String, Object> properties, String header) {
        if (properties != null && properties.get("headers") instanceof Map<?, ?> headers) {
            Object value = headers.get(header);
            return value == null ? null : value.toString();
        }
        return null;
    }

    private static Map<String, Object> properties(MessageRecord record) {
        return properties(new Message(record.exchange(), record.routingKey(), record.properties(), new byte[0],
                Map.of(), List.of(), record.isPersistent(), 0, record.timestampMillis()));
    }

    private static Map<String, Object> properties(Message message) {
        MessageFormat format = MessageFormats.current();
        if (format == null) {
            return null;
        }
        try {
            return format.properties(message);
        } catch (RuntimeException damaged) { // delivery will drop a record it cannot read
            return null;
        }
    }
}
