package dev.spool.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the payload of a method frame (class id, method id, then the arguments in spec order) for the raw-socket
 * tests, which need frames the client library would never send. Bit arguments are written as the packed octet the
 * spec prescribes: {@code octet(0b0000_0010)} sets the second bit of a group.
 *
 * <p>Not thread-safe; build one payload on one thread.
 */
public final class MethodPayload {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private MethodPayload(int classId, int methodId) {
        shortUint(classId);
        shortUint(methodId);
    }

    public static MethodPayload of(int classId, int methodId) {
        return new MethodPayload(classId, methodId);
    }

    public MethodPayload octet(int value) {
        bytes.write(value);
        return this;
    }

    public MethodPayload shortUint(int value) {
        bytes.write(value >>> 8);
        bytes.write(value);
        return this;
    }

    public MethodPayload longUint(long value) {
        bytes.write((int) (value >>> 24));
        bytes.write((int) (value >>> 16));
        bytes.write((int) (value >>> 8));
        bytes.write((int) value);
        return this;
    }

    public MethodPayload longLong(long value) {
        longUint(value >>> 32);
        return longUint(value);
    }

    public MethodPayload shortStr(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        octet(utf8.length);
        bytes.writeBytes(utf8);
        return this;
    }

    public MethodPayload longStr(byte[] value) {
        longUint(value.length);
        bytes.writeBytes(value);
        return this;
    }

    /** An empty field table. */
    public MethodPayload emptyTable() {
        return longUint(0);
    }

    /** A field table holding one entry, a nested table of boolean flags set to true (a client's capabilities). */
    public MethodPayload capabilitiesTable(String... capabilities) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        for (String capability : capabilities) {
            byte[] key = capability.getBytes(StandardCharsets.UTF_8);
            inner.write(key.length);
            inner.writeBytes(key);
            inner.write('t');
            inner.write(1);
        }
        byte[] key = "capabilities".getBytes(StandardCharsets.UTF_8);
        longUint(1 + key.length + 1 + 4 + inner.size());
        octet(key.length);
        bytes.writeBytes(key);
        octet('F');
        longUint(inner.size());
        bytes.writeBytes(inner.toByteArray());
        return this;
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    /** The payload cut short by {@code missing} bytes: a method whose arguments end early. */
    public byte[] truncatedBy(int missing) {
        byte[] whole = bytes();
        return Arrays.copyOf(whole, whole.length - missing);
    }
}
