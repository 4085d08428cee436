package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.codec.LongString;
import dev.spool.codec.Timestamp;
import dev.spool.codec.UnsignedByte;
import dev.spool.codec.UnsignedInt;
import dev.spool.codec.UnsignedShort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the codec's field values into plain Java values for management (strings, numbers, booleans, lists, maps):
 * long strings become strings, tables maps, timestamps epoch seconds, unsigned numbers their value. Off the message
 * path. Stateless; any thread.
 */
final class PlainValues {
    private PlainValues() {
    }

    static Map<String, Object> of(FieldTable table) {
        if (table == null || table.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : table.asMap().entrySet()) {
            out.put(entry.getKey(), value(entry.getValue()));
        }
        return out;
    }

    static Object value(Object value) {
        if (value instanceof LongString || value instanceof UnsignedByte || value instanceof UnsignedShort
                || value instanceof UnsignedInt) {
            return numberOrText(value);
        }
        if (value instanceof FieldTable table) {
            return of(table);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.epochSeconds();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(value(element));
            }
            return out;
        }
        return value;
    }

    private static Object numberOrText(Object value) {
        if (value instanceof LongString) {
            return value.toString();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return value.toString();
        }
    }
}
