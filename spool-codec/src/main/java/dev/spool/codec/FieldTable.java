package dev.spool.codec;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An AMQP field table: an immutable, ordered map from short-string names to typed values, as used for method
 * arguments, client and server properties and message headers.
 *
 * <p>Each wire type decodes to a Java type of its own, so a decoded table re-encodes byte for byte (RabbitMQ's
 * 0-9-1 errata table of types, which Qpid shares):
 * <table>
 * <caption>Field value types</caption>
 * <tr><th>tag</th><th>wire type</th><th>Java value</th></tr>
 * <tr><td>{@code t}</td><td>boolean octet</td><td>{@link Boolean}</td></tr>
 * <tr><td>{@code b}</td><td>signed 8-bit</td><td>{@link Byte}</td></tr>
 * <tr><td>{@code B}</td><td>unsigned 8-bit</td><td>{@link UnsignedByte}</td></tr>
 * <tr><td>{@code s}</td><td>signed 16-bit</td><td>{@link Short}</td></tr>
 * <tr><td>{@code u}</td><td>unsigned 16-bit</td><td>{@link UnsignedShort}</td></tr>
 * <tr><td>{@code I}</td><td>signed 32-bit</td><td>{@link Integer}</td></tr>
 * <tr><td>{@code i}</td><td>unsigned 32-bit</td><td>{@link UnsignedInt}</td></tr>
 * <tr><td>{@code l}</td><td>signed 64-bit</td><td>{@link Long}</td></tr>
 * <tr><td>{@code f}</td><td>32-bit float</td><td>{@link Float}</td></tr>
 * <tr><td>{@code d}</td><td>64-bit double</td><td>{@link Double}</td></tr>
 * <tr><td>{@code D}</td><td>decimal: scale octet, signed 32-bit value</td>
 *     <td>{@link java.math.BigDecimal} (scale 0..255, unscaled value within {@code int})</td></tr>
 * <tr><td>{@code S}</td><td>long string</td><td>{@link LongString} (raw bytes; {@code toString} is UTF-8)</td></tr>
 * <tr><td>{@code x}</td><td>byte array</td><td>{@code byte[]}</td></tr>
 * <tr><td>{@code A}</td><td>field array</td><td>unmodifiable {@code List<Object>} of these same types</td></tr>
 * <tr><td>{@code T}</td><td>timestamp, 64-bit seconds</td><td>{@link Timestamp}</td></tr>
 * <tr><td>{@code F}</td><td>nested table</td><td>{@code FieldTable}</td></tr>
 * <tr><td>{@code V}</td><td>void</td><td>{@code null} (so {@link #containsKey} tells void from absent)</td></tr>
 * </table>
 * RabbitMQ also reads {@code L} as a signed 64-bit value; so does this class, which gives a {@link Long} that
 * re-encodes as {@code l}, the one type that does not round-trip byte for byte. A {@code t} octet other than 0 or 1
 * re-encodes as 1, and a duplicated name keeps its first value (as RabbitMQ's lookups do).
 *
 * <p>To build tables easily, {@link #of(Map)} and the {@link Builder} also take plain Java values and convert them
 * once: any {@link CharSequence} becomes a {@link LongString}, a {@link java.time.Instant} or {@link java.util.Date}
 * a {@link Timestamp}, a {@link Map} a nested table, a {@link java.util.Collection} or {@code Object[]} a field array,
 * and byte arrays are copied. {@link #encode} also writes a plain {@code String} as {@code S}.
 *
 * <p>Decoding never trusts the wire: lengths are checked before anything is allocated, tables and arrays may nest at
 * most {@value #MAX_DEPTH} levels, an unknown type tag is rejected; all of these raise {@link WireFormatException}.
 *
 * <p>Immutable, so any thread may share one, with one caveat: {@code byte[]} values ({@code x}) are handed out
 * without copying, and callers must not modify them. Equality is that of maps (order is ignored), with byte arrays
 * and lists compared by content.
 */
public final class FieldTable {
    /** How deep tables and arrays may nest, the outermost table counting as 1. */
    public static final int MAX_DEPTH = 100;

    /** The empty table. */
    public static final FieldTable EMPTY = new FieldTable(new LinkedHashMap<>(), 1);

    private final Map<String, Object> entries;
    private final int depth;

    /** Takes ownership of {@code entries}, whose values must already be of the canonical types above. */
    FieldTable(LinkedHashMap<String, Object> entries, int depth) {
        this.entries = Collections.unmodifiableMap(entries);
        this.depth = depth;
    }

    /** Reads a length-prefixed table. */
    public static FieldTable decode(ByteBuf in) {
        return FieldCodec.readTable(in, 1);
    }

    /** Writes {@code table} length-prefixed; {@code null} writes the empty table. */
    public static void encode(ByteBuf out, FieldTable table) {
        if (table == null || table.isEmpty()) {
            out.writeInt(0);
            return;
        }
        FieldCodec.writeTable(out, table);
    }

    /**
     * A table of the entries of {@code map}, in its iteration order, values converted as described above.
     *
     * @throws IllegalArgumentException for a name longer than 255 UTF-8 bytes, a value of no field type, or nesting
     *                                  deeper than {@value #MAX_DEPTH}
     */
    public static FieldTable of(Map<String, ?> map) {
        return builder().putAll(map).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with this table's entries. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.entries.putAll(entries);
        return builder;
    }

    /** The value for {@code name}, or {@code null} if absent or void. */
    public Object get(String name) {
        return entries.get(name);
    }

    /** The value for {@code name} as a string if it is a long string, otherwise {@code null}. */
    public String getString(String name) {
        Object value = entries.get(name);
        return value instanceof LongString || value instanceof String ? value.toString() : null;
    }

    /**
     * The value for {@code name} if it is an integer of any width or signedness ({@code b B s u I i l}), otherwise
     * {@code null}. RabbitMQ accepts any of them for numeric arguments such as {@code x-message-ttl}.
     */
    public Long getLong(String name) {
        Object value = entries.get(name);
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof UnsignedByte v) {
            return (long) v.value();
        }
        if (value instanceof UnsignedShort v) {
            return (long) v.value();
        }
        if (value instanceof UnsignedInt v) {
            return v.value();
        }
        return null;
    }

    /** The value for {@code name} if it is a boolean, otherwise {@code null}. */
    public Boolean getBoolean(String name) {
        return entries.get(name) instanceof Boolean b ? b : null;
    }

    public boolean containsKey(String name) {
        return entries.containsKey(name);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** An unmodifiable view of the entries, in wire order. */
    public Map<String, Object> asMap() {
        return entries;
    }

    /** How deep this table nests: 1 for a table without nested tables or arrays. */
    public int depth() {
        return depth;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof FieldTable that) || that.entries.size() != entries.size()) {
            return false;
        }
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            String name = entry.getKey();
            if (!that.entries.containsKey(name) || !FieldValues.equal(entry.getValue(), that.entries.get(name))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            hash += entry.getKey().hashCode() ^ FieldValues.hash(entry.getValue());
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        FieldValues.append(text, this);
        return text.toString();
    }

    /** Collects entries in insertion order; a name put twice keeps its first position and its last value. */
    public static final class Builder {
        private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds or replaces one entry; {@code value} is converted as described in {@link FieldTable}.
         *
         * @throws IllegalArgumentException for a name longer than 255 UTF-8 bytes or a value of no field type
         */
        public Builder put(String name, Object value) {
            Objects.requireNonNull(name, "name");
            Wire.shortStringLength(name);
            entries.put(name, FieldValues.normalize(value, 1));
            return this;
        }

        /** Adds every entry of {@code map}, in its iteration order. */
        public Builder putAll(Map<String, ?> map) {
            for (Map.Entry<String, ?> entry : map.entrySet()) {
                put(entry.getKey(), entry.getValue());
            }
            return this;
        }

        public Builder remove(String name) {
            entries.remove(name);
            return this;
        }

        /**
         * The table built so far; the builder can go on being used.
         *
         * @throws IllegalArgumentException if it would nest deeper than {@value #MAX_DEPTH}
         */
        public FieldTable build() {
            if (entries.isEmpty()) {
                return EMPTY;
            }
            int depth = FieldValues.tableDepth(entries.values());
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("field table nested " + depth + " deep, more than " + MAX_DEPTH);
            }
            return new FieldTable(new LinkedHashMap<>(entries), depth);
        }
    }
}
