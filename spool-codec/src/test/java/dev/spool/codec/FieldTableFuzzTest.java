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
 * Fuzzes {@link FieldTable#decode} with arbitrary bytes. Whatever they are, decoding either fails with
 * {@link WireFormatException} (nothing else, and no allocation beyond what the input holds: the test JVM's small
 * heap turns one into an {@code OutOfMemoryError}) or gives a table that encodes, decodes back to an equal table and
 * encodes again to the same bytes.
 *
 * <p>A normal build replays the seeds in {@code FieldTableFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for real
 * (see {@code docs/fuzzing.md}).
 */
class FieldTableFuzzTest {
    /** Not tracked by the leak detector, whose paranoid level (see the pom) would slow fuzzing down many times. */
    private static final UnpooledByteBufAllocator SCRATCH = new UnpooledByteBufAllocator(false, true);

    @FuzzTest
    void anyBytesDecodeToATableThatRoundTripsOrFailWithWireFormatException(byte[] data) {
        ByteBuf in = Unpooled.wrappedBuffer(data);
        FieldTable table;
        try {
            table = FieldTable.decode(in);
        } catch (WireFormatException expected) {
            return;
        }
        assertEquals(4 + in.getUnsignedInt(0), in.readerIndex(), "a table consumes its length field and length");
        assertTrue(table.depth() <= FieldTable.MAX_DEPTH, "depth " + table.depth());

        byte[] encoded = encode(table);
        ByteBuf again = Unpooled.wrappedBuffer(encoded);
        FieldTable decodedAgain = FieldTable.decode(again);
        assertEquals(table, decodedAgain);
        assertEquals(table.hashCode(), decodedAgain.hashCode());
        assertEquals(encoded.length, again.readerIndex());
        assertArrayEquals(encoded, encode(decodedAgain));
        assertEquals(table.toString(), decodedAgain.toString());
    }

    private static byte[] encode(FieldTable table) {
        ByteBuf out = SCRATCH.heapBuffer();
        try {
            FieldTable.encode(out, table);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
