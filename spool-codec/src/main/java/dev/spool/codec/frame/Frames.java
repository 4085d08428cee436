package dev.spool.codec.frame;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.method.AmqpMethod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The frame layout's constants and stateless writers for each kind of frame. Any thread; writers append to the
 * given buffer and leave other buffers' indexes untouched. For a whole content-bearing method (a delivery) in as few
 * buffers as possible, see {@link ContentFrames}.
 */
public final class Frames {
    public static final int FRAME_METHOD = 1;
    public static final int FRAME_HEADER = 2;
    public static final int FRAME_BODY = 3;
    public static final int FRAME_HEARTBEAT = 8;
    public static final int FRAME_END = 0xCE;
    /** The smallest frame_max a peer may negotiate, and the limit before tuning. */
    public static final int FRAME_MIN_SIZE = 4096;
    /** Type, channel and size: the octets before a frame's payload. */
    public static final int FRAME_HEADER_SIZE = 7;
    /** The octets a frame adds to its payload: the header and the frame-end octet. */
    public static final int FRAME_OVERHEAD = FRAME_HEADER_SIZE + 1;
    /** The octets of a content header payload before its properties: class, weight, body size. */
    public static final int CONTENT_HEADER_PREFIX = 2 + 2 + 8;
    /** The largest payload one frame can carry here whatever was negotiated: a Netty buffer's limit, with room. */
    public static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    private static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    private static final ByteBuf HEARTBEAT = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
            new byte[] {FRAME_HEARTBEAT, 0, 0, 0, 0, 0, 0, (byte) FRAME_END}).asReadOnly());

    private Frames() {
    }

    /** The protocol header a 0-9-1 peer opens with, {@code AMQP 0 0 9 1}, as a fresh array. */
    public static byte[] protocolHeaderBytes() {
        return PROTOCOL_HEADER.clone();
    }

    /** The protocol header as a fresh buffer, to write back to a client whose header was rejected. */
    public static ByteBuf protocolHeader() {
        return Unpooled.wrappedBuffer(protocolHeaderBytes());
    }

    static byte protocolHeaderByte(int index) {
        return PROTOCOL_HEADER[index];
    }

    /** A heartbeat frame as a shared read-only buffer that needs no release; write it as often as needed. */
    public static ByteBuf heartbeat() {
        return HEARTBEAT.duplicate();
    }

    public static void writeHeartbeat(ByteBuf out) {
        out.writeBytes(HEARTBEAT, HEARTBEAT.readerIndex(), HEARTBEAT.readableBytes());
    }

    /**
     * Writes a method frame. If the method cannot be encoded (a short string over 255 bytes) the exception is
     * rethrown with {@code out}'s writer index restored.
     */
    public static void writeMethodFrame(ByteBuf out, int channel, AmqpMethod method) {
        int start = out.writerIndex();
        try {
            out.writeByte(FRAME_METHOD).writeShort(channel);
            int sizeIndex = out.writerIndex();
            out.writeInt(0);
            out.writeShort(method.classId()).writeShort(method.methodId());
            method.encodeArguments(out);
            out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
            out.writeByte(FRAME_END);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Writes a content header frame around already-encoded properties (flags and list), copied unchanged; the
     * readable bytes of {@code rawProperties} are written and its indexes are left untouched.
     */
    public static void writeContentHeader(ByteBuf out, int channel, int classId, long bodySize, ByteBuf rawProperties) {
        int length = rawProperties.readableBytes();
        out.writeByte(FRAME_HEADER).writeShort(channel).writeInt(CONTENT_HEADER_PREFIX + length);
        out.writeShort(classId).writeShort(0).writeLong(bodySize);
        out.writeBytes(rawProperties, rawProperties.readerIndex(), length);
        out.writeByte(FRAME_END);
    }

    /** Writes a basic-class content header frame, encoding {@code properties} in place. */
    public static void writeContentHeader(ByteBuf out, int channel, long bodySize, BasicProperties properties) {
        out.writeByte(FRAME_HEADER).writeShort(channel);
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        out.writeShort(BasicProperties.CLASS_ID).writeShort(0).writeLong(bodySize);
        properties.encode(out);
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
        out.writeByte(FRAME_END);
    }

    /**
     * Copies the readable bytes of {@code body} into body frames of at most {@code frameMax - 8} payload octets
     * each; an empty body writes no frame. {@code body}'s indexes are left untouched. To avoid copying a large body,
     * use {@link ContentFrames#encode}.
     *
     * @param frameMax the negotiated frame_max, 0 for no limit
     */
    public static void writeContentBody(ByteBuf out, int channel, ByteBuf body, long frameMax) {
        int chunk = maxBodyPayload(frameMax);
        int index = body.readerIndex();
        int remaining = body.readableBytes();
        while (remaining > 0) {
            int length = Math.min(chunk, remaining);
            writeBodyFrameHeader(out, channel, length);
            out.writeBytes(body, index, length).writeByte(FRAME_END);
            index += length;
            remaining -= length;
        }
    }

    /** Writes the 7 octets that open a body frame of {@code length} payload octets. */
    static void writeBodyFrameHeader(ByteBuf out, int channel, int length) {
        out.writeByte(FRAME_BODY).writeShort(channel).writeInt(length);
    }

    /**
     * The most body octets one frame may carry under {@code frameMax}: {@code frameMax - 8}, or
     * {@link #MAX_PAYLOAD} when {@code frameMax} is 0 (no limit).
     *
     * @throws IllegalArgumentException if {@code frameMax} leaves no room for a payload
     */
    public static int maxBodyPayload(long frameMax) {
        if (frameMax == 0) {
            return MAX_PAYLOAD;
        }
        if (frameMax <= FRAME_OVERHEAD) {
            throw new IllegalArgumentException("frame_max " + frameMax + " leaves no room for a payload");
        }
        return (int) Math.min(frameMax - FRAME_OVERHEAD, MAX_PAYLOAD);
    }

    /** How many body frames a body of {@code bodySize} octets takes under {@code frameMax}. */
    public static long bodyFrameCount(long bodySize, long frameMax) {
        long chunk = maxBodyPayload(frameMax);
        return (bodySize + chunk - 1) / chunk;
    }

    static void checkChannel(int channel) {
        if (channel < 0 || channel > 0xFFFF) {
            throw new IllegalArgumentException("channel must fit a short: " + channel);
        }
    }
}
