package dev.spool.codec.frame;

import dev.spool.codec.method.AmqpMethod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Encodes a whole content-bearing method (basic.deliver, basic.get-ok, basic.return) with its content header and
 * body frames into one buffer for one write, copying a large body not at all.
 *
 * <p>A body of at most {@link #COPY_THRESHOLD} octets is copied: one plain buffer beats a composite there. A larger
 * body is sliced, not copied, into a {@link CompositeByteBuf} laid out as
 * <pre>
 * [method frame | content header frame | body frame header] [body slice 1] [0xCE | body frame header] ...
 *     [body slice n] [0xCE]
 * </pre>
 * where the small pieces between slices are slices of one buffer, so a message costs three allocations however many
 * frames it spans. Stateless; any thread, typically the consumer connection's event loop.
 */
public final class ContentFrames {
    /** Bodies up to this many octets are copied into the frames instead of sliced. */
    public static final int COPY_THRESHOLD = 2048;

    private ContentFrames() {
    }

    /**
     * The method frame, content header frame and body frames of one message, ready to write.
     *
     * <p>Ownership: the caller owns the returned buffer (writing it to a channel hands it over). {@code body} is not
     * released: the result holds its own references to slices of it, so the caller may release its reference at
     * once. {@code rawProperties} (encoded flags and list) is copied. Neither has its indexes moved.
     *
     * @param frameMax the negotiated frame_max, 0 for no limit
     */
    public static ByteBuf encode(ByteBufAllocator alloc, int channel, AmqpMethod method, ByteBuf rawProperties,
                                 ByteBuf body, long frameMax) {
        int bodySize = body.readableBytes();
        int chunk = Frames.maxBodyPayload(frameMax);
        boolean copy = bodySize <= COPY_THRESHOLD;
        ByteBuf prefix = alloc.ioBuffer(96 + rawProperties.readableBytes()
                + (copy ? bodySize + Frames.FRAME_OVERHEAD * (int) Frames.bodyFrameCount(bodySize, frameMax) : 0));
        try {
            Frames.writeMethodFrame(prefix, channel, method);
            Frames.writeContentHeader(prefix, channel, method.classId(), bodySize, rawProperties);
            if (copy) {
                Frames.writeContentBody(prefix, channel, body, frameMax);
                return prefix;
            }
            Frames.writeBodyFrameHeader(prefix, channel, Math.min(chunk, bodySize));
        } catch (RuntimeException e) {
            prefix.release();
            throw e;
        }
        return sliceBody(alloc, prefix, channel, body, chunk);
    }

    private static ByteBuf sliceBody(ByteBufAllocator alloc, ByteBuf prefix, int channel, ByteBuf body, int chunk) {
        int frames = (int) ((body.readableBytes() + (long) chunk - 1) / chunk);
        CompositeByteBuf result;
        try {
            result = alloc.compositeBuffer(2 * frames + 1);
        } catch (RuntimeException e) {
            prefix.release();
            throw e;
        }
        result.addComponent(true, prefix);
        ByteBuf joints = null;
        try {
            joints = alloc.ioBuffer(Frames.FRAME_OVERHEAD * (frames - 1) + 1);
            int index = body.readerIndex();
            int remaining = body.readableBytes();
            while (remaining > 0) {
                int length = Math.min(chunk, remaining);
                result.addComponent(true, body.retainedSlice(index, length));
                index += length;
                remaining -= length;
                int jointStart = joints.writerIndex();
                joints.writeByte(Frames.FRAME_END);
                if (remaining > 0) {
                    Frames.writeBodyFrameHeader(joints, channel, Math.min(chunk, remaining));
                }
                result.addComponent(true, joints.retainedSlice(jointStart, joints.writerIndex() - jointStart));
            }
            return result;
        } catch (RuntimeException e) {
            result.release();
            throw e;
        } finally {
            if (joints != null) {
                joints.release();
            }
        }
    }
}
