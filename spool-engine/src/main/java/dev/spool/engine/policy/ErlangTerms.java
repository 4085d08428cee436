package dev.spool.engine.policy;

import dev.spool.engine.message.FieldValues;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Prints values the way RabbitMQ's error texts print Erlang terms with {@code ~p}, so Spool's texts match byte for
 * byte: a string from JSON or a field table is a binary {@code <<"abc">>}, integers are plain, floats keep a
 * fraction ({@code 1.0}, {@code 1.0e20}), JSON {@code null} is the atom {@code null}, lists are {@code [a,b]} and
 * maps {@code #{<<"k">> => v}}. Only called on error paths. Stateless; any thread.
 */
final class ErlangTerms {
    private ErlangTerms() {
    }

    static String format(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** A charlist, as {@code ~p} prints an Erlang string: in double quotes. */
    static String string(String text) {
        return '"' + escape(text) + '"';
    }

    /** True for the values Erlang's {@code is_integer} accepts once decoded from JSON or a field table. */
    static boolean isInteger(Object value) {
        return value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger;
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || isInteger(value)) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            out.append(erlangFloat(((Number) value).doubleValue()));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append("#{");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                append(out, entry.getKey());
                out.append(" => ");
                append(out, entry.getValue());
            }
            out.append('}');
        } else if (FieldValues.isText(value)) {
            out.append("<<\"").append(escape(value.toString())).append("\">>");
        } else {
            out.append(value);
        }
    }

    private static String erlangFloat(double value) {
        String text = Double.toString(value);
        return text.replace("E", "e");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
