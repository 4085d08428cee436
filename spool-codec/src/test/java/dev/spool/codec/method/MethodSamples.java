package dev.spool.codec.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.FieldTable;
import dev.spool.codec.LongString;
import dev.spool.codec.Timestamp;
import dev.spool.codec.UnsignedByte;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds every generated method record with sample values chosen from each component's type, by reflection, so a
 * method added to the spec is covered without touching the tests. Two variants: one with typical values, one with
 * the extremes (empty and 255-byte strings, maximal integers, empty tables).
 */
public final class MethodSamples {
    /** The only {@code octet} arguments of any method; every other {@code int} is a {@code short}. */
    private static final Set<String> OCTETS = Set.of("versionMajor", "versionMinor");
    /** The only {@code longlong} arguments; every other {@code long} is an unsigned 32-bit {@code long}. */
    private static final Set<String> LONGLONGS = Set.of("deliveryTag");
    public static final int VARIANTS = 2;

    private MethodSamples() {
    }

    /** Every method record type, in the order the spec lists them. */
    public static List<Class<?>> types() {
        return Arrays.asList(AmqpMethod.class.getPermittedSubclasses());
    }

    /** Every method in every variant. */
    public static List<AmqpMethod> all() {
        List<AmqpMethod> methods = new ArrayList<>();
        for (int variant = 0; variant < VARIANTS; variant++) {
            for (Class<?> type : types()) {
                methods.add(sample(type, variant));
            }
        }
        return methods;
    }

    public static AmqpMethod sample(Class<?> type, int variant) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i], i, variant);
        }
        try {
            return (AmqpMethod) type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object value(RecordComponent component, int position, int variant) {
        Class<?> type = component.getType();
        String name = component.getName();
        boolean typical = variant == 0;
        if (type == boolean.class) {
            return (position % 2 == 0) == typical; // alternate, and flip in the other variant: every bit both ways
        }
        if (type == int.class) {
            return OCTETS.contains(name) ? (typical ? 0x5A : 0xFF) : (typical ? 0x1234 : 0xFFFF);
        }
        if (type == long.class) {
            return LONGLONGS.contains(name) ? (typical ? 42L : 0x8000_0000_0000_0001L)
                    : (typical ? 0x1234_5678L : 0xFFFF_FFFFL);
        }
        if (type == String.class) {
            return typical ? name + "-ünïcödé" : "x".repeat(255);
        }
        if (type == byte[].class) {
            return typical ? new byte[] {0, 1, (byte) 0xCE, (byte) 0xFF} : new byte[0];
        }
        if (type == FieldTable.class) {
            return typical ? sampleTable() : FieldTable.EMPTY;
        }
        throw new AssertionError("no sample for " + type + " " + name);
    }

    /** A table holding one of most field types, nested tables and arrays included. */
    public static FieldTable sampleTable() {
        return FieldTable.builder()
                .put("x-queue-type", "quorum")
                .put("x-max-length", 10_000)
                .put("x-message-ttl", 60_000L)
                .put("flag", true)
                .put("decimal", new BigDecimal("12.34"))
                .put("byte", new UnsignedByte(200))
                .put("when", new Timestamp(1_700_000_000L))
                .put("void", null)
                .put("bytes", new byte[] {1, 2, 3})
                .put("nested", Map.of("list", List.of(1, LongString.of("two"), List.of(3.0))))
                .build();
    }

    /** Asserts that two methods have equal components, byte arrays compared by content. */
    public static void assertSameComponents(AmqpMethod actual, AmqpMethod expected) {
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            Object want = read(component, expected);
            Object got = read(component, actual);
            if (want instanceof byte[] bytes) {
                assertThat((byte[]) got).as(component.getName()).isEqualTo(bytes);
            } else {
                assertThat(got).as(component.getName()).isEqualTo(want);
            }
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(e);
        }
    }
}
