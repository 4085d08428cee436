package dev.spool.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * A content header frame. {@code properties} is a retained slice of the received bytes holding the encoded property
 * flags and list exactly as the client sent them, so a delivery can copy them on unchanged; read single properties
 * with {@link dev.spool.codec.BasicProperties}' peeks, or decode them all with
 * {@link dev.spool.codec.BasicProperties#decode}. For class 60 the decoder has checked they are well formed.
 *
 * <p>Ownership: the frame owns one reference to {@code properties}. Whoever receives the frame must release it
 * ({@link #release()}, or retain the slice for itself first). Frames that reach the end of the pipeline unhandled are
 * released by Netty, since the frame is {@link ReferenceCounted}.
 *
 * @param bodySize the body size, an unsigned 64-bit value read as a {@code long}: a negative value means 2^63 or more
 *                 and is always too large
 */
public record ContentHeaderFrame(int channel, int classId, long bodySize, ByteBuf properties)
        implements AmqpFrame, ReferenceCounted {

    public ContentHeaderFrame {
        Frames.checkChannel(channel);
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public int refCnt() {
        return properties.refCnt();
    }

    @Override
    public ContentHeaderFrame retain() {
        properties.retain();
        return this;
    }

    @Override
    public ContentHeaderFrame retain(int increment) {
        properties.retain(increment);
        return this;
    }

    @Override
    public ContentHeaderFrame touch() {
        properties.touch();
        return this;
    }

    @Override
    public ContentHeaderFrame touch(Object hint) {
        properties.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return properties.release();
    }

    @Override
    public boolean release(int decrement) {
        return properties.release(decrement);
    }
}
