package dev.spool.codec;

import io.netty.buffer.ByteBufUtil;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the field-table value types share: converting plain Java values to the canonical ones, nesting depth, and
 * equality, hashing and printing that look into byte arrays and lists. Stateless; any thread.
 */
final class FieldValues {
    private FieldValues() {
    }

    /**
     * The canonical form of {@code value}, which sits in a container nested {@code level} deep (see
     * {@link FieldTable}). Plain Java containers are converted recursively, so their depth is checked on the way.
     */
    static Object normalize(Object value, int level) {
        if (value == null || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof LongString || value instanceof UnsignedByte
                || value instanceof UnsignedShort || value instanceof UnsignedInt || value instanceof Timestamp
                || value instanceof FieldTable) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            checkDecimal(decimal);
            return decimal;
        }
        if (value instanceof CharSequence text) {
            return LongString.of(text.toString());
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Instant instant) {
            return Timestamp.of(instant);
        }
        if (value instanceof Date date) {
            return new Timestamp(Math.floorDiv(date.getTime(), 1000L));
        }
        if (value instanceof Map<?, ?> map) {
            return table(map, level + 1);
        }
        if (value instanceof Collection<?> collection) {
            return list(collection, level + 1);
        }
        if (value instanceof Object[] array) {
            return list(Arrays.asList(array), level + 1);
        }
        throw new IllegalArgumentException("no AMQP field type for " + value.getClass().getName());
    }

    private static FieldTable table(Map<?, ?> map, int level) {
        checkLevel(level);
        LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new IllegalArgumentException("field table names must be strings: " + entry.getKey());
            }
            Wire.shortStringLength(name);
            entries.put(name, normalize(entry.getValue(), level));
        }
        int depth = tableDepth(entries.values());
        return entries.isEmpty() ? FieldTable.EMPTY : new FieldTable(entries, depth);
    }

    private static List<Object> list(Collection<?> values, int level) {
        checkLevel(level);
        List<Object> result = new ArrayList<>(values.size());
        for (Object value : values) {
            result.add(normalize(value, level));
        }
        return Collections.unmodifiableList(result);
    }

    private static void checkLevel(int level) {
        if (level > FieldTable.MAX_DEPTH) {
            throw new IllegalArgumentException("field values nested deeper than " + FieldTable.MAX_DEPTH);
        }
    }

    /** Throws unless {@code decimal} fits the wire's decimal: a scale octet and a signed 32-bit unscaled value. */
    static void checkDecimal(BigDecimal decimal) {
        if (decimal.scale() < 0 || decimal.scale() > 255 || decimal.unscaledValue().bitLength() > 31) {
            throw new IllegalArgumentException("decimal " + decimal
                    + " does not fit AMQP's decimal (scale 0..255, 32-bit unscaled value)");
        }
    }

    /** The depth of a table holding {@code values}. */
    static int tableDepth(Collection<Object> values) {
        int deepest = 0;
        for (Object value : values) {
            deepest = Math.max(deepest, depth(value));
        }
        return 1 + deepest;
    }

    /** How deep {@code value} nests: 0 for a scalar, a table's own depth, 1 + the deepest element for a list. */
    static int depth(Object value) {
        if (value instanceof FieldTable table) {
            return table.depth();
        }
        if (value instanceof List<?> list) {
            int deepest = 0;
            for (Object element : list) {
                deepest = Math.max(deepest, depth(element));
            }
            return 1 + deepest;
        }
        return 0;
    }

    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x) {
            return b instanceof byte[] y && Arrays.equals(x, y);
        }
        if (a instanceof List<?> x) {
            if (!(b instanceof List<?> y) || x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static int hash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof List<?> list) {
            int hash = 1;
            for (Object element : list) {
                hash = 31 * hash + hash(element);
            }
            return hash;
        }
        return value.hashCode();
    }

    static void append(StringBuilder text, Object value) {
        if (value instanceof FieldTable table) {
            text.append('{');
            String separator = "";
            for (Map.Entry<String, Object> entry : table.asMap().entrySet()) {
                text.append(separator).append(entry.getKey()).append('=');
                append(text, entry.getValue());
                separator = ", ";
            }
            text.append('}');
        } else if (value instanceof List<?> list) {
            text.append('[');
            String separator = "";
            for (Object element : list) {
                text.append(separator);
                append(text, element);
                separator = ", ";
            }
            text.append(']');
        } else if (value instanceof byte[] bytes) {
            text.append("0x").append(ByteBufUtil.hexDump(bytes));
        } else {
            text.append(value);
        }
    }
}
