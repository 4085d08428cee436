package dev.spool.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * A content body frame: one piece of a message body. {@code payload} is a retained slice of the received bytes.
 *
 * <p>Ownership: the frame owns one reference to {@code payload}. Whoever receives the frame must release it (for
 * instance after appending it to a composite body, which takes over that reference); frames that reach the end of
 * the pipeline unhandled are released by Netty, since the frame is {@link ReferenceCounted}. Holding a slice keeps
 * the whole received buffer alive, so do not hold it for longer than assembling the message takes.
 */
public record ContentBodyFrame(int channel, ByteBuf payload) implements AmqpFrame, ReferenceCounted {

    public ContentBodyFrame {
        Frames.checkChannel(channel);
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public int refCnt() {
        return payload.refCnt();
    }

    @Override
    public ContentBodyFrame retain() {
        payload.retain();
        return this;
    }

    @Override
    public ContentBodyFrame retain(int increment) {
        payload.retain(increment);
        return this;
    }

    @Override
    public ContentBodyFrame touch() {
        payload.touch();
        return this;
    }

    @Override
    public ContentBodyFrame touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return payload.release();
    }

    @Override
    public boolean release(int decrement) {
        return payload.release(decrement);
    }
}
