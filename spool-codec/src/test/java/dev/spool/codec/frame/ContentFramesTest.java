package dev.spool.codec.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.Hex;
import dev.spool.codec.LeakCheck;
import dev.spool.codec.method.BasicDeliver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class ContentFramesTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final BasicDeliver DELIVER = new BasicDeliver("ctag", 42L, false, "amq.direct", "key");
    private static final ByteBuf RAW_PROPERTIES = Hex.buffer("9000 0a 746578742f706c61696e 02");

    @Test
    void aSmallBodyIsCopiedIntoOnePlainBuffer() {
        ByteBuf body = body(100);
        ByteBuf frames = ContentFrames.encode(ALLOC, 1, DELIVER, RAW_PROPERTIES, body, 4096);
        try {
            assertThat(frames).isNotInstanceOf(CompositeByteBuf.class);
            assertThat(Hex.of(frames)).isEqualTo(copied(body, 4096));
            assertThat(body.refCnt()).isEqualTo(1);
        } finally {
            frames.release();
            body.release();
        }
    }

    @Test
    void aLargeBodyIsSlicedNotCopiedBetweenFrameHeaders() {
        ByteBuf body = body(10_000);
        ByteBuf frames = ContentFrames.encode(ALLOC, 1, DELIVER, RAW_PROPERTIES, body, 4096);
        try {
            assertThat(frames).isInstanceOf(CompositeByteBuf.class);
            // prefix, then a slice and a joint per body frame (4088 + 4088 + 1824)
            assertThat(((CompositeByteBuf) frames).numComponents()).isEqualTo(7);
            assertThat(Hex.of(frames)).isEqualTo(copied(body, 4096));
            assertThat(body.refCnt()).as("slices hold the body").isGreaterThan(1);
            assertThat(body.readerIndex()).isZero();
            assertThat(RAW_PROPERTIES.readerIndex()).isZero();
        } finally {
            frames.release();
        }
        assertThat(body.refCnt()).as("released with the frames").isEqualTo(1);
        body.release();
    }

    @Test
    void theCallerMayReleaseTheBodyAsSoonAsItIsEncoded() {
        ByteBuf body = body(5_000);
        String expected = copied(body, 4096);
        ByteBuf frames = ContentFrames.encode(ALLOC, 1, DELIVER, RAW_PROPERTIES, body, 4096);
        body.release();
        assertThat(Hex.of(frames)).isEqualTo(expected);
        frames.release();
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void withoutAFrameLimitALargeBodyIsOneFrame() {
        ByteBuf body = body(50_000);
        ByteBuf frames = ContentFrames.encode(ALLOC, 1, DELIVER, RAW_PROPERTIES, body, 0);
        assertThat(((CompositeByteBuf) frames).numComponents()).isEqualTo(3);
        assertThat(Hex.of(frames)).isEqualTo(copied(body, 0));
        frames.release();
        body.release();
    }

    @Test
    void anEmptyBodyWritesNoBodyFrame() {
        ByteBuf frames = ContentFrames.encode(ALLOC, 1, DELIVER, RAW_PROPERTIES, Unpooled.EMPTY_BUFFER, 4096);
        ByteBuf expected = Unpooled.buffer();
        Frames.writeMethodFrame(expected, 1, DELIVER);
        Frames.writeContentHeader(expected, 1, 60, 0, RAW_PROPERTIES);
        assertThat(Hex.of(frames)).isEqualTo(Hex.of(expected));
        frames.release();
    }

    @Test
    void encodedMessagesDecodeBackToTheSameFrames() {
        ByteBuf body = body(20_000);
        ByteBuf frames = ContentFrames.encode(ALLOC, 9, DELIVER, RAW_PROPERTIES, body, 8192);
        FrameDecoder decoder = FrameDecoder.withoutProtocolHeader();
        decoder.setMaxFrameSize(8192);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(frames);

        assertThat(channel.<MethodFrame>readInbound()).isEqualTo(new MethodFrame(9, DELIVER));
        ContentHeaderFrame header = channel.readInbound();
        assertThat(header.bodySize()).isEqualTo(20_000);
        assertThat(BasicProperties.peekDeliveryMode(header.properties())).isEqualTo(2);
        header.release();
        ByteBuf reassembled = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            ContentBodyFrame piece = channel.readInbound();
            assertThat(piece.payload().readableBytes()).isLessThanOrEqualTo(8192 - 8);
            reassembled.writeBytes(piece.payload());
            piece.release();
        }
        assertThat(reassembled).isEqualTo(body);
        assertThat(channel.finish()).isFalse();
        body.release();
    }

    private static ByteBuf body(int size) {
        ByteBuf body = ALLOC.buffer(size);
        for (int i = 0; i < size; i++) {
            body.writeByte(i);
        }
        return body;
    }

    /** The same message written by the copying writers. */
    private static String copied(ByteBuf body, long frameMax) {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMethodFrame(out, 1, DELIVER);
        Frames.writeContentHeader(out, 1, 60, body.readableBytes(), RAW_PROPERTIES);
        Frames.writeContentBody(out, 1, body, frameMax);
        return ByteBufUtil.hexDump(out);
    }
}
