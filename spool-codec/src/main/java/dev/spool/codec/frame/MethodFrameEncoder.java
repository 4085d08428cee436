package dev.spool.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link MethodFrame}s written to the pipeline; everything else (such as the buffers from
 * {@link ContentFrames} or {@link Frames#heartbeat()}) passes through untouched. Stateless, so one
 * {@link #INSTANCE} serves every connection; Netty calls it on each channel's event loop.
 */
@ChannelHandler.Sharable
public final class MethodFrameEncoder extends MessageToByteEncoder<MethodFrame> {
    public static final MethodFrameEncoder INSTANCE = new MethodFrameEncoder();

    private MethodFrameEncoder() {
        super(MethodFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MethodFrame frame, ByteBuf out) {
        Frames.writeMethodFrame(out, frame.channel(), frame.method());
    }
}
