package dev.spool.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * Fuzzes the readers of encoded basic properties with arbitrary bytes: {@link BasicProperties#decode}, the
 * well-formedness check the frame decoder runs on every content header, and the peeks the hot path uses. Each
 * either answers or fails with {@link WireFormatException}, nothing else; they agree with each other; and decoded
 * properties encode, decode back equal and encode again to the same bytes.
 *
 * <p>A normal build replays the seeds in {@code BasicPropertiesFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for
 * real (see {@code docs/fuzzing.md}).
 */
class BasicPropertiesFuzzTest {
    /** Not tracked by the leak detector, whose paranoid level (see the pom) would slow fuzzing down many times. */
    private static final UnpooledByteBufAllocator SCRATCH = new UnpooledByteBufAllocator(false, true);
    private static final Object MALFORMED = new Object();

    @FuzzTest
    void anyBytesDecodeToPropertiesThatRoundTripAndAgreeWithThePeeksOrFailWithWireFormatException(byte[] data) {
        ByteBuf raw = Unpooled.wrappedBuffer(data);
        boolean wellFormed = wellFormed(raw);
        Object deliveryMode = peekDeliveryMode(raw);
        Object priority = peekPriority(raw);
        Object expiration = peekExpiration(raw);
        Object headers = peekHeaders(raw);
        assertEquals(0, raw.readerIndex(), "checks and peeks leave the reader index alone");

        BasicProperties properties;
        try {
            properties = BasicProperties.decode(raw);
        } catch (WireFormatException malformed) {
            return;
        }
        boolean consumedAll = !raw.isReadable();
        assertEquals(consumedAll, wellFormed, "the well-formedness check accepts exactly what decodes whole");
        assertEquals(orMinusOne(properties.deliveryMode()), deliveryMode, "peeked delivery mode");
        assertEquals(orMinusOne(properties.priority()), priority, "peeked priority");
        assertEquals(properties.expiration(), expiration, "peeked expiration");
        assertEquals(properties.headers(), headers, "peeked headers");

        byte[] encoded = encode(properties);
        ByteBuf again = Unpooled.wrappedBuffer(encoded);
        BasicProperties.checkWellFormed(again);
        BasicProperties decodedAgain = BasicProperties.decode(again);
        assertTrue(!again.isReadable(), "re-encoded properties decode whole");
        assertEquals(properties, decodedAgain);
        assertArrayEquals(encoded, encode(decodedAgain));
    }

    private static boolean wellFormed(ByteBuf raw) {
        try {
            BasicProperties.checkWellFormed(raw);
            return true;
        } catch (WireFormatException e) {
            return false;
        }
    }

    private static Object peekDeliveryMode(ByteBuf raw) {
        try {
            return BasicProperties.peekDeliveryMode(raw);
        } catch (WireFormatException e) {
            return MALFORMED;
        }
    }

    private static Object peekPriority(ByteBuf raw) {
        try {
            return BasicProperties.peekPriority(raw);
        } catch (WireFormatException e) {
            return MALFORMED;
        }
    }

    private static Object peekExpiration(ByteBuf raw) {
        try {
            return BasicProperties.peekExpiration(raw);
        } catch (WireFormatException e) {
            return MALFORMED;
        }
    }

    private static Object peekHeaders(ByteBuf raw) {
        try {
            return BasicProperties.peekHeaders(raw);
        } catch (WireFormatException e) {
            return MALFORMED;
        }
    }

    private static int orMinusOne(Integer octet) {
        return octet == null ? -1 : octet;
    }

    private static byte[] encode(BasicProperties properties) {
        ByteBuf out = SCRATCH.heapBuffer();
        try {
            properties.encode(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
