package dev.spool.engine.durable;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the plain values of a policy definition (what JSON decodes to: null, booleans, integers, floating point
 * numbers, strings, lists and string-keyed maps) into the definitions journal, each behind a one-byte tag, and reads
 * them back as the same Java types, so a restored policy validates and compares like the one that was put. Unlike
 * declare arguments these never pass through the front end's field tables. Stateless.
 *
 * <pre>
 *  'N' null | 'Z' boolean | 'I' int | 'J' long | 'B' big integer (decimal text) | 'D' double | 'S' string (int length,
 *  UTF-8 bytes) | 'L' list (int count, values) | 'M' map (int count, string keys and values, in order)
 * </pre>
 */
final class PlainValueCodec {
    private PlainValueCodec() {
    }

    static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte('N');
        } else if (value instanceof Boolean b) {
            out.writeByte('Z');
            out.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeByte('I');
            out.writeInt(((Number) value).intValue());
        } else if (value instanceof Long l) {
            out.writeByte('J');
            out.writeLong(l);
        } else if (value instanceof BigInteger big) {
            out.writeByte('B');
            writeString(out, big.toString());
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            out.writeByte('D');
            out.writeDouble(((Number) value).doubleValue());
        } else if (value instanceof List<?> list) {
            out.writeByte('L');
            out.writeInt(list.size());
            for (Object element : list) {
                write(out, element);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte('M');
            out.writeInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writeString(out, String.valueOf(entry.getKey()));
                write(out, entry.getValue());
            }
        } else {
            out.writeByte('S');
            writeString(out, value.toString());
        }
    }

    static Object read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'N':
                return null;
            case 'Z':
                return in.readBoolean();
            case 'I':
                return in.readInt();
            case 'J':
                return in.readLong();
            case 'B':
                return new BigInteger(readString(in));
            case 'D':
                return in.readDouble();
            case 'S':
                return readString(in);
            case 'L': {
                int count = in.readInt();
                List<Object> list = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case 'M':
                return readMap(in);
            default:
                throw new IOException("unknown value tag " + tag);
        }
    }

    /** A map written by {@link #write} (its tag already read). */
    static Map<String, Object> readMap(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = readString(in);
            map.put(key, read(in));
        }
        return map;
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("negative string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
