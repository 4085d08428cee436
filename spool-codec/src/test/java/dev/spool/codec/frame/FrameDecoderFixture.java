package dev.spool.codec.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.Hex;
import dev.spool.codec.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtendWith;

/** A fresh {@link FrameDecoder} in an {@link EmbeddedChannel} per test, and the helpers to feed and read it. */
@ExtendWith(LeakCheck.class)
abstract class FrameDecoderFixture {
    final FrameDecoder decoder = new FrameDecoder();
    final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    void accept() {
        feed(Frames.protocolHeaderBytes());
        assertThat(channel.<Object>readInbound()).isSameAs(ProtocolHeaderAccepted.INSTANCE);
    }

    void feed(byte[] bytes) {
        channel.writeInbound(pooled(bytes));
    }

    void feedOneByteAtATime(byte[] bytes) {
        for (byte b : bytes) {
            channel.writeInbound(pooled(new byte[] {b}));
        }
    }

    static ByteBuf pooled(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
    }

    ProtocolHeaderRejected rejection() {
        Object event = channel.readInbound();
        assertThat(event).isInstanceOf(ProtocolHeaderRejected.class);
        return (ProtocolHeaderRejected) event;
    }

    FrameError frameError(int replyCode, int classId, int methodId) {
        Object event = channel.readInbound();
        if (!(event instanceof FrameError)) {
            ReferenceCountUtil.release(event);
        }
        assertThat(event).isInstanceOf(FrameError.class);
        FrameError error = (FrameError) event;
        assertThat(error.replyCode()).as(error.replyText()).isEqualTo(replyCode);
        assertThat(error.classId()).as("class id").isEqualTo(classId);
        assertThat(error.methodId()).as("method id").isEqualTo(methodId);
        assertThat(error.replyText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(error.replyText()).startsWith(error.code().name() + " - ");
        return error;
    }

    static byte[] heartbeat() {
        return frame(8, 0, "");
    }

    static byte[] frame(int type, int channel, String payloadHex) {
        byte[] payload = Hex.bytes(payloadHex);
        ByteBuf buf = Unpooled.buffer().writeByte(type).writeShort(channel).writeInt(payload.length)
                .writeBytes(payload).writeByte(Frames.FRAME_END);
        return ByteBufUtil.getBytes(buf);
    }

    static byte[] concat(byte[]... parts) {
        ByteBuf buf = Unpooled.buffer();
        for (byte[] part : parts) {
            buf.writeBytes(part);
        }
        return ByteBufUtil.getBytes(buf);
    }

    /** A field table holding {@code "a" -> table} nested {@code levels} times around an empty table. */
    static byte[] nestedTables(int levels) {
        ByteBuf buf = Unpooled.buffer(7 * levels + 4);
        for (int level = levels; level >= 1; level--) {
            buf.writeInt(7 * level).writeByte(1).writeByte('a').writeByte('F');
        }
        return ByteBufUtil.getBytes(buf.writeInt(0));
    }
}
