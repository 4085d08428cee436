package dev.spool.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.spool.codec.BasicProperties;
import dev.spool.codec.ReplyCode;
import dev.spool.codec.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link FrameDecoder} in an {@link EmbeddedChannel} with arbitrary bytes, fed whole and again in fragments
 * of fuzzer-chosen lengths, as a client could send them. Whatever the bytes:
 * <ul>
 * <li>only the documented events come out, in the order and with the reply codes {@link FramingRules} gives for
 *     the whole stream, so every malformed input ends in one {@link FrameError} with the right hard-error code;</li>
 * <li>fragmenting the input changes nothing;</li>
 * <li>nothing reaches {@code exceptionCaught};</li>
 * <li>every buffer is released once the events are (the channel's allocator counts them exactly);</li>
 * <li>nothing is allocated from a declared length: the test JVM's small heap turns that into an
 *     {@code OutOfMemoryError}.</li>
 * </ul>
 *
 * <p>The fuzzer's bytes are read as {@link Input}. A normal build replays the seeds in
 * {@code FrameDecoderFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for real (see {@code docs/fuzzing.md}).
 */
class FrameDecoderFuzzTest {
    /** The channel's allocator, which counts the octets it has handed out; untracked by leak detection. */
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);
    /** For re-encoding decoded methods into descriptions; untracked by leak detection too. */
    private static final UnpooledByteBufAllocator SCRATCH = new UnpooledByteBufAllocator(false, true);

    @FuzzTest
    void anyBytesInAnyFragmentsGiveOnlyFramesOrOneHardErrorAndReleaseEveryBuffer(byte[] data) {
        Input input = Input.parse(data);
        List<String> whole = decode(input, new int[0]);
        if (input.fragments().length > 0) {
            assertEquals(whole, decode(input, input.fragments()), "fragmented the same input decodes differently");
        }
    }

    /** Runs a fresh decoder over the input fed in {@code fragments} and the rest; describes and checks the events. */
    private static List<String> decode(Input input, int[] fragments) {
        FrameDecoder decoder = input.clientSide() ? FrameDecoder.withoutProtocolHeader() : new FrameDecoder();
        if (input.frameMax() >= 0) {
            decoder.setMaxFrameSize(input.frameMax());
        }
        long limit = decoder.maxFrameSize() == 0 ? Frames.MAX_PAYLOAD
                : Math.min(decoder.maxFrameSize(), Frames.MAX_PAYLOAD);
        long heapInUse = ALLOC.metric().usedHeapMemory(); // not 0 only if an earlier input leaked
        ExceptionCaughtTrap trap = new ExceptionCaughtTrap();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, trap);
        channel.config().setAllocator(ALLOC);

        byte[] stream = input.stream();
        int offset = 0;
        for (int length : fragments) {
            int fed = Math.min(length, stream.length - offset);
            channel.writeInbound(ALLOC.heapBuffer(fed).writeBytes(stream, offset, fed));
            offset += fed;
        }
        channel.writeInbound(ALLOC.heapBuffer(stream.length - offset).writeBytes(stream, offset,
                stream.length - offset));
        channel.finish(); // the client goes away: whatever is buffered is decoded one last time

        List<Object> events = new ArrayList<>();
        for (Object event = channel.readInbound(); event != null; event = channel.readInbound()) {
            events.add(event);
        }
        List<String> descriptions = new ArrayList<>(events.size());
        List<String> kinds = new ArrayList<>(events.size());
        try {
            for (Object event : events) {
                kinds.add(FramingRules.kind(event));
                descriptions.add(describe(event));
            }
        } finally {
            for (Object event : events) {
                ReferenceCountUtil.release(event);
            }
        }
        if (trap.caught != null) {
            throw new AssertionError("an exception reached exceptionCaught", trap.caught);
        }
        assertEquals(heapInUse, ALLOC.metric().usedHeapMemory(), "octets of buffers left unreleased");
        assertEquals(FramingRules.expectedKinds(stream, !input.clientSide(), limit), kinds, "events");
        return descriptions;
    }

    /** Checks one event on its own and describes it fully, so two runs can be compared. */
    private static String describe(Object event) {
        if (event instanceof MethodFrame frame) {
            ByteBuf encoded = SCRATCH.heapBuffer();
            try {
                Frames.writeMethodFrame(encoded, frame.channel(), frame.method());
                return "method " + ByteBufUtil.hexDump(encoded);
            } finally {
                encoded.release();
            }
        }
        if (event instanceof ContentHeaderFrame header) {
            assertTrue(header.refCnt() > 0);
            if (header.classId() == BasicProperties.CLASS_ID) {
                checkPeeks(header.properties());
            }
            return "header " + header.channel() + " " + header.classId() + " " + header.bodySize() + " "
                    + ByteBufUtil.hexDump(header.properties());
        }
        if (event instanceof ContentBodyFrame body) {
            assertTrue(body.refCnt() > 0);
            return "body " + body.channel() + " " + ByteBufUtil.hexDump(body.payload());
        }
        if (event instanceof HeartbeatFrame heartbeat) {
            assertSame(HeartbeatFrame.INSTANCE, heartbeat);
            return "heartbeat";
        }
        if (event instanceof FrameError error) {
            checkError(error);
            return "error " + error.replyCode() + " " + error.classId() + " " + error.methodId() + " "
                    + error.replyText();
        }
        if (event instanceof ProtocolHeaderRejected rejected) {
            // The reason may differ with fragmenting: a header is rejected at its first wrong octet.
            assertFalse(rejected.reason().isEmpty());
            return "rejected";
        }
        return FramingRules.kind(event);
    }

    private static void checkError(FrameError error) {
        ReplyCode code = error.code();
        assertTrue(code != null && code.hardError(), error::toString);
        assertTrue(code != ReplyCode.INTERNAL_ERROR, () -> "the decoder caught its own bug: " + error);
        assertTrue(error.replyText().startsWith(code.name() + " - "), error::replyText);
        assertTrue(error.replyText().getBytes(StandardCharsets.UTF_8).length <= 255, error::replyText);
    }

    /** The decoder checked the layout of these properties, so the hot path's peeks must not fail on it. */
    private static void checkPeeks(ByteBuf properties) {
        int index = properties.readerIndex();
        int deliveryMode = BasicProperties.peekDeliveryMode(properties);
        int priority = BasicProperties.peekPriority(properties);
        assertTrue(deliveryMode >= -1 && deliveryMode <= 255 && priority >= -1 && priority <= 255);
        try {
            BasicProperties.peekExpiration(properties); // may hold malformed UTF-8, which the layout check skips
            BasicProperties.peekHeaders(properties); // the layout check does not look into the table
        } catch (WireFormatException notLookedInto) {
            // documented
        }
        assertEquals(index, properties.readerIndex());
    }

    /** Records what reaches {@code exceptionCaught} behind the decoder; nothing should. */
    private static final class ExceptionCaughtTrap extends ChannelInboundHandlerAdapter {
        Throwable caught;

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (caught == null) {
                caught = cause;
            }
        }
    }

    /**
     * The fuzzer's bytes, read as:
     * <pre>
     * octet 0     flags: bit 0 puts the protocol header AMQP 0 0 9 1 before the stream;
     *             bit 1 makes a client's decoder, which expects no protocol header;
     *             bits 2-3 set frame_max before any input: 0 leaves 4096, 1 sets 131072, 2 sets 0 (no limit),
     *             3 sets 2^32 - 1
     * octet 1     low 4 bits: how many fragment lengths follow
     * octets 2..  one octet per fragment length, 0 to 255 (0 feeds an empty buffer)
     * the rest    the stream; what the fragments leave is fed last
     * </pre>
     * Missing octets read as 0, so every input means something.
     *
     * @param frameMax the frame_max to set, or -1 to leave the decoder's default
     */
    record Input(boolean clientSide, long frameMax, int[] fragments, byte[] stream) {
        static final int WITH_PROTOCOL_HEADER = 1;
        static final int CLIENT_SIDE = 2;
        private static final long[] FRAME_MAX = {-1, 131_072, 0, 0xFFFF_FFFFL};

        static Input parse(byte[] data) {
            int flags = data.length > 0 ? data[0] & 0xFF : 0;
            int count = data.length > 1 ? data[1] & 0x0F : 0;
            int start = Math.min(data.length, 2 + count);
            int[] fragments = new int[Math.max(0, start - 2)];
            for (int i = 0; i < fragments.length; i++) {
                fragments[i] = data[2 + i] & 0xFF;
            }
            byte[] rest = Arrays.copyOfRange(data, start, data.length);
            byte[] stream = rest;
            if ((flags & WITH_PROTOCOL_HEADER) != 0) {
                stream = Arrays.copyOf(Frames.protocolHeaderBytes(), 8 + rest.length);
                System.arraycopy(rest, 0, stream, 8, rest.length);
            }
            return new Input((flags & CLIENT_SIDE) != 0, FRAME_MAX[(flags >>> 2) & 3], fragments, stream);
        }

        /** The fuzzer's bytes for these flags, fragment lengths (at most 15) and stream. */
        static byte[] encode(int flags, int[] fragments, byte[] stream) {
            if (fragments.length > 15) {
                throw new IllegalArgumentException("at most 15 fragments");
            }
            byte[] data = new byte[2 + fragments.length + stream.length];
            data[0] = (byte) flags;
            data[1] = (byte) fragments.length;
            for (int i = 0; i < fragments.length; i++) {
                data[2 + i] = (byte) fragments[i];
            }
            System.arraycopy(stream, 0, data, 2 + fragments.length, stream.length);
            return data;
        }
    }
}
