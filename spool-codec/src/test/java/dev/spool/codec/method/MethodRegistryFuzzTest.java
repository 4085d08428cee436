package dev.spool.codec.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.spool.codec.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Fuzzes {@link MethodRegistry#decode} with arbitrary class and method ids and argument bytes, laid out as a method
 * frame's payload: class id (short), method id (short), arguments. The registry answers {@code null} exactly for ids
 * that name no method, or fails as documented with {@link WireFormatException} or {@link IndexOutOfBoundsException}
 * and nothing else; a decoded method encodes, decodes back to equal components and encodes again to the same bytes.
 *
 * <p>A normal build replays the seeds in {@code MethodRegistryFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for real
 * (see {@code docs/fuzzing.md}).
 */
class MethodRegistryFuzzTest {
    /** Not tracked by the leak detector, whose paranoid level (see the pom) would slow fuzzing down many times. */
    private static final UnpooledByteBufAllocator SCRATCH = new UnpooledByteBufAllocator(false, true);
    private static final Set<Integer> KNOWN_IDS = knownIds();
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
            }
            return accessors;
        }
    };

    @FuzzTest
    void anyIdsAndArgumentsDecodeToAMethodThatRoundTripsOrToNullOrFailAsDocumented(byte[] data) {
        ByteBuf payload = Unpooled.wrappedBuffer(data);
        int classId = payload.readableBytes() >= 2 ? payload.readUnsignedShort() : 0;
        int methodId = payload.readableBytes() >= 2 ? payload.readUnsignedShort() : 0;
        ByteBuf arguments = payload.slice();
        boolean known = KNOWN_IDS.contains(classId << 16 | methodId);
        AmqpMethod method;
        try {
            method = MethodRegistry.decode(classId, methodId, arguments);
        } catch (WireFormatException | IndexOutOfBoundsException malformed) {
            assertTrue(known, "only a known method reads its arguments");
            return;
        }
        if (!known) {
            assertNull(method, "unknown ids {" + classId + "," + methodId + "}");
            return;
        }
        assertNotNull(method, "known ids {" + classId + "," + methodId + "}");
        assertEquals(classId, method.classId());
        assertEquals(methodId, method.methodId());
        assertFalse(method.name().isEmpty());

        byte[] encoded = encode(method);
        ByteBuf again = Unpooled.wrappedBuffer(encoded);
        AmqpMethod decodedAgain = MethodRegistry.decode(classId, methodId, again);
        assertFalse(again.isReadable(), "re-encoded arguments decode whole");
        assertSameComponents(method, decodedAgain);
        assertArrayEquals(encoded, encode(decodedAgain));
    }

    private static byte[] encode(AmqpMethod method) {
        ByteBuf out = SCRATCH.heapBuffer();
        try {
            method.encodeArguments(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Record equality, but byte arrays (long strings) compared by content. */
    private static void assertSameComponents(AmqpMethod expected, AmqpMethod actual) {
        assertEquals(expected.getClass(), actual.getClass());
        for (Method accessor : ACCESSORS.get(expected.getClass())) {
            Object want = read(accessor, expected);
            Object got = read(accessor, actual);
            boolean same = want instanceof byte[] bytes ? Arrays.equals(bytes, (byte[]) got) : Objects.equals(want, got);
            assertTrue(same, () -> accessor.getName() + ": " + want + " became " + got);
        }
    }

    private static Object read(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Integer> knownIds() {
        Set<Integer> ids = new HashSet<>();
        for (Class<?> type : MethodSamples.types()) {
            AmqpMethod sample = MethodSamples.sample(type, 0);
            ids.add(sample.classId() << 16 | sample.methodId());
        }
        return ids;
    }
}
