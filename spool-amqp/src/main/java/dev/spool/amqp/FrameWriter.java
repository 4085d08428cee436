package dev.spool.amqp;

import dev.spool.codec.Wire;
import dev.spool.codec.frame.Frames;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.BasicDeliver;
import dev.spool.engine.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * Writes one connection's outgoing frames into pooled buffers, without flushing: the connection flushes once per read
 * batch and the delivery outbox once per drain. A message's properties and body are copied from the engine's arrays
 * once; a large body is wrapped instead of copied.
 *
 * <p>The delivery path ({@link #deliver}) encodes basic.deliver's arguments directly, so a delivery allocates its
 * buffers and nothing else.
 *
 * <p>Confined to the connection's event loop.
 */
final class FrameWriter {
    /** Bodies up to this size are copied into the frame buffer; larger ones are wrapped. */
    private static final int COPY_THRESHOLD = 4096;
    /** Room for a method frame with three short strings and the content header's fixed part. */
    private static final int METHOD_ROOM = 3 * 256 + 64;

    private final ChannelHandlerContext ctx;
    private long frameMax = Frames.FRAME_MIN_SIZE;

    FrameWriter(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The negotiated frame_max (0 for no limit), which splits bodies into frames. */
    void frameMax(long negotiated) {
        this.frameMax = negotiated;
    }

    /** Writes one method frame. */
    void method(int channel, AmqpMethod method) {
        ByteBuf out = ctx.alloc().ioBuffer(128);
        try {
            Frames.writeMethodFrame(out, channel, method);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        ctx.write(out, ctx.voidPromise());
    }

    /** Writes a heartbeat frame and flushes it. */
    void heartbeat() {
        ctx.writeAndFlush(Frames.heartbeat(), ctx.voidPromise());
    }

    /** Writes the protocol header (to a client that sent another one) and flushes it. */
    void protocolHeader() {
        ctx.writeAndFlush(Frames.protocolHeader());
    }

    /** Writes basic.deliver with its content. The hot path: no method object, one buffer for small messages. */
    void deliver(int channel, String consumerTag, long deliveryTag, boolean redelivered, Message message) {
        byte[] body = message.body();
        ByteBuf out = allocate(message);
        try {
            out.writeByte(Frames.FRAME_METHOD).writeShort(channel);
            int sizeIndex = out.writerIndex();
            out.writeInt(0);
            out.writeShort(BasicDeliver.CLASS_ID).writeShort(BasicDeliver.METHOD_ID);
            Wire.writeShortString(out, consumerTag);
            out.writeLong(deliveryTag);
            out.writeByte(redelivered ? 1 : 0);
            Wire.writeShortString(out, message.exchange());
            Wire.writeShortString(out, message.routingKey());
            out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
            out.writeByte(Frames.FRAME_END);
            writeHeader(out, channel, message.properties(), body.length);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        writeBody(out, channel, body);
    }

    /** Writes a content-bearing method other than basic.deliver (basic.get-ok, basic.return) with its content. */
    void content(int channel, AmqpMethod method, Message message) {
        content(channel, method, message.properties(), message.body());
    }

    /** Writes a content-bearing method with the given properties (flags and list, encoded) and body. */
    void content(int channel, AmqpMethod method, byte[] properties, byte[] body) {
        ByteBuf out = ctx.alloc().ioBuffer(METHOD_ROOM + properties.length + copiedBodyRoom(body.length));
        try {
            Frames.writeMethodFrame(out, channel, method);
            writeHeader(out, channel, properties, body.length);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        writeBody(out, channel, body);
    }

    private ByteBuf allocate(Message message) {
        return ctx.alloc().ioBuffer(METHOD_ROOM + message.properties().length
                + copiedBodyRoom(message.body().length));
    }

    private int copiedBodyRoom(int bodySize) {
        return bodySize <= COPY_THRESHOLD
                ? bodySize + Frames.FRAME_OVERHEAD * (int) Frames.bodyFrameCount(bodySize, frameMax)
                : Frames.FRAME_OVERHEAD;
    }

    private static void writeHeader(ByteBuf out, int channel, byte[] properties, long bodySize) {
        out.writeByte(Frames.FRAME_HEADER).writeShort(channel)
                .writeInt(Frames.CONTENT_HEADER_PREFIX + properties.length);
        out.writeShort(BasicDeliver.CLASS_ID).writeShort(0).writeLong(bodySize);
        out.writeBytes(properties);
        out.writeByte(Frames.FRAME_END);
    }

    /** Appends the body frames to {@code out} (copied) or after it (wrapped), and writes it all. */
    private void writeBody(ByteBuf out, int channel, byte[] body) {
        int chunk = Frames.maxBodyPayload(frameMax);
        if (body.length <= COPY_THRESHOLD) {
            for (int index = 0; index < body.length; index += chunk) {
                int length = Math.min(chunk, body.length - index);
                out.writeByte(Frames.FRAME_BODY).writeShort(channel).writeInt(length);
                out.writeBytes(body, index, length);
                out.writeByte(Frames.FRAME_END);
            }
            ctx.write(out, ctx.voidPromise());
            return;
        }
        int frames = (int) Frames.bodyFrameCount(body.length, frameMax);
        CompositeByteBuf all = ctx.alloc().compositeBuffer(2 * frames + 1);
        all.addComponent(true, out);
        ByteBuf joints = ctx.alloc().ioBuffer(frames * Frames.FRAME_OVERHEAD);
        try {
            for (int index = 0; index < body.length; index += chunk) {
                int length = Math.min(chunk, body.length - index);
                int start = joints.writerIndex();
                if (index > 0) {
                    joints.writeByte(Frames.FRAME_END);
                }
                joints.writeByte(Frames.FRAME_BODY).writeShort(channel).writeInt(length);
                all.addComponent(true, joints.retainedSlice(start, joints.writerIndex() - start));
                all.addComponent(true, Unpooled.wrappedBuffer(body, index, length));
            }
            int end = joints.writerIndex();
            joints.writeByte(Frames.FRAME_END);
            all.addComponent(true, joints.retainedSlice(end, 1));
        } catch (RuntimeException e) {
            all.release();
            throw e;
        } finally {
            joints.release();
        }
        ctx.write(all, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /** Flushes what was written and closes the socket once it is out. */
    void flushAndClose() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
