package dev.spool.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes field tables, field arrays and their tagged values (see {@link FieldTable} for the types).
 * Stateless; any thread. Recursion is bounded by {@link FieldTable#MAX_DEPTH}, checked before each nested length is
 * read, so a hostile nesting fails with {@link WireFormatException} rather than overflowing the stack.
 */
final class FieldCodec {
    private FieldCodec() {
    }

    /** Reads a length-prefixed table that sits {@code level} deep (the outermost table is level 1). */
    static FieldTable readTable(ByteBuf in, int level) {
        checkLevel(level);
        ByteBuf region = readRegion(in, "field table");
        if (!region.isReadable()) {
            return FieldTable.EMPTY;
        }
        LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
        int deepest = 0;
        while (region.isReadable()) {
            String name = Wire.readShortString(region);
            Object value = readValue(region, level);
            if (!entries.containsKey(name)) {
                entries.put(name, value);
                deepest = Math.max(deepest, FieldValues.depth(value));
            }
        }
        return new FieldTable(entries, 1 + deepest);
    }

    private static List<Object> readArray(ByteBuf in, int level) {
        checkLevel(level);
        ByteBuf region = readRegion(in, "field array");
        if (!region.isReadable()) {
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        while (region.isReadable()) {
            values.add(readValue(region, level));
        }
        return Collections.unmodifiableList(values);
    }

    private static ByteBuf readRegion(ByteBuf in, String what) {
        Wire.require(in, 4, what + " length");
        long length = in.readUnsignedInt();
        Wire.require(in, length, what);
        return in.readSlice((int) length);
    }

    private static void checkLevel(int level) {
        if (level > FieldTable.MAX_DEPTH) {
            throw new WireFormatException("field table nested deeper than " + FieldTable.MAX_DEPTH + " levels");
        }
    }

    /** Reads one tagged value held by a table or array that is {@code level} deep. */
    static Object readValue(ByteBuf in, int level) {
        Wire.require(in, 1, "field value type");
        byte tag = in.readByte();
        switch (tag) {
            case 'S':
                return LongString.wrap(Wire.readLongString(in));
            case 'I':
                Wire.require(in, 4, "signed int");
                return in.readInt();
            case 'F':
                return readTable(in, level + 1);
            case 't':
                Wire.require(in, 1, "boolean");
                return in.readByte() != 0;
            case 'l':
            case 'L':
                Wire.require(in, 8, "long");
                return in.readLong();
            case 'T':
                Wire.require(in, 8, "timestamp");
                return new Timestamp(in.readLong());
            case 'A':
                return readArray(in, level + 1);
            case 'b':
                Wire.require(in, 1, "byte");
                return in.readByte();
            case 'B':
                Wire.require(in, 1, "unsigned byte");
                return new UnsignedByte(in.readUnsignedByte());
            case 's':
                Wire.require(in, 2, "short");
                return in.readShort();
            case 'u':
                Wire.require(in, 2, "unsigned short");
                return new UnsignedShort(in.readUnsignedShort());
            case 'i':
                Wire.require(in, 4, "unsigned int");
                return new UnsignedInt(in.readUnsignedInt());
            case 'f':
                Wire.require(in, 4, "float");
                return in.readFloat();
            case 'd':
                Wire.require(in, 8, "double");
                return in.readDouble();
            case 'D':
                Wire.require(in, 5, "decimal");
                int scale = in.readUnsignedByte();
                return BigDecimal.valueOf(in.readInt(), scale);
            case 'x':
                return Wire.readLongString(in);
            case 'V':
                return null;
            default:
                throw new WireFormatException("unknown field value type " + describe(tag));
        }
    }

    private static String describe(byte tag) {
        return tag >= 0x21 && tag <= 0x7E ? "'" + (char) tag + "'" : "0x" + Integer.toHexString(tag & 0xFF);
    }

    /** Writes a non-empty table, length-prefixed. */
    static void writeTable(ByteBuf out, FieldTable table) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, Object> entry : table.asMap().entrySet()) {
            Wire.writeShortString(out, entry.getKey());
            writeValue(out, entry.getValue());
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    private static void writeArray(ByteBuf out, List<?> values) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Object value : values) {
            writeValue(out, value);
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    /** Writes one tagged value; the tag follows the value's Java type as listed in {@link FieldTable}. */
    static void writeValue(ByteBuf out, Object value) {
        if (value == null) {
            out.writeByte('V');
        } else if (value instanceof LongString text) {
            out.writeByte('S');
            text.writeTo(out);
        } else if (value instanceof String text) {
            out.writeByte('S');
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            out.setInt(lengthIndex, ByteBufUtil.writeUtf8(out, text));
        } else if (value instanceof Integer number) {
            out.writeByte('I').writeInt(number);
        } else if (value instanceof Long number) {
            out.writeByte('l').writeLong(number);
        } else if (value instanceof Boolean flag) {
            out.writeByte('t').writeByte(flag ? 1 : 0);
        } else if (value instanceof FieldTable table) {
            out.writeByte('F');
            FieldTable.encode(out, table);
        } else if (value instanceof List<?> list) {
            out.writeByte('A');
            writeArray(out, list);
        } else if (value instanceof Timestamp timestamp) {
            out.writeByte('T').writeLong(timestamp.epochSeconds());
        } else {
            writeLessCommon(out, value);
        }
    }

    private static void writeLessCommon(ByteBuf out, Object value) {
        if (value instanceof Byte number) {
            out.writeByte('b').writeByte(number);
        } else if (value instanceof UnsignedByte number) {
            out.writeByte('B').writeByte(number.value());
        } else if (value instanceof Short number) {
            out.writeByte('s').writeShort(number);
        } else if (value instanceof UnsignedShort number) {
            out.writeByte('u').writeShort(number.value());
        } else if (value instanceof UnsignedInt number) {
            out.writeByte('i').writeInt((int) number.value());
        } else if (value instanceof Float number) {
            out.writeByte('f').writeFloat(number);
        } else if (value instanceof Double number) {
            out.writeByte('d').writeDouble(number);
        } else if (value instanceof BigDecimal decimal) {
            FieldValues.checkDecimal(decimal);
            out.writeByte('D').writeByte(decimal.scale()).writeInt(decimal.unscaledValue().intValue());
        } else if (value instanceof byte[] bytes) {
            out.writeByte('x');
            Wire.writeLongString(out, bytes);
        } else {
            throw new IllegalArgumentException("no AMQP field type for " + value.getClass().getName());
        }
    }
}
