package dev.spool.engine.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * How the engine reads AMQP field-table values (header values, declare and binding arguments) handed over by the front
 * end as plain Java objects: the codec's value objects, boxed numbers, strings, maps and lists. A {@code null} value is
 * AMQP's {@code void}.
 *
 * <p>Comparison follows Erlang's {@code ==}, which RabbitMQ uses for headers matching and argument equivalence:
 * numbers compare by value across widths (a byte 1 equals a long 1, and an integer equals a float of the same value),
 * strings compare by text whatever object carries them. Stateless; any thread.
 */
public final class FieldValues {
    private FieldValues() {
    }

    /** True when both values are equal the way RabbitMQ compares field values ({@code void} equals only void). */
    public static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number && b instanceof Number) {
            return numbersEqual((Number) a, (Number) b);
        }
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        if (a.equals(b)) {
            return true;
        }
        // a long string may arrive as a String on one side and as a codec value object on the other
        if (a instanceof CharSequence || b instanceof CharSequence) {
            return a.toString().equals(b.toString());
        }
        return false;
    }

    /** True for AMQP's integer types, which RabbitMQ's equivalence checks treat as one class. */
    public static boolean isInteger(Object value) {
        return value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger || value instanceof BigDecimal;
    }

    /** True for AMQP's floating point types. */
    public static boolean isFloat(Object value) {
        return value instanceof Float || value instanceof Double;
    }

    /**
     * RabbitMQ's name for the field type of a value ({@code long}, {@code longstr}, {@code bool}, ...), as it appears in
     * error texts such as {@code received the value '5' of type 'long'}. Values the engine cannot classify (the codec's
     * own string types) count as {@code longstr}.
     */
    public static String typeName(Object value) {
        if (value == null) {
            return "void";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "long";
        }
        if (value instanceof Integer) {
            return "signedint";
        }
        if (value instanceof Short) {
            return "short";
        }
        if (value instanceof Byte) {
            return "byte";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Float) {
            return "float";
        }
        if (value instanceof BigDecimal) {
            return "decimal";
        }
        if (value instanceof Date) {
            return "timestamp";
        }
        if (value instanceof Map) {
            return "table";
        }
        if (value instanceof List || value instanceof Object[]) {
            return "array";
        }
        if (value instanceof byte[]) {
            return "binary";
        }
        return "longstr";
    }

    /** True when the value is text (a long or short string, whatever object carries it). */
    public static boolean isText(Object value) {
        return value != null && "longstr".equals(typeName(value));
    }

    private static boolean numbersEqual(Number a, Number b) {
        if (isInteger(a) && isInteger(b) && !(a instanceof BigDecimal) && !(b instanceof BigDecimal)) {
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return toBigInteger(a).equals(toBigInteger(b));
            }
            return a.longValue() == b.longValue();
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return toBigDecimal(a).compareTo(toBigDecimal(b)) == 0;
        }
        return a.doubleValue() == b.doubleValue();
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger ? (BigInteger) n : BigInteger.valueOf(n.longValue());
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof BigInteger) {
            return new BigDecimal((BigInteger) n);
        }
        if (isFloat(n)) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }
}
