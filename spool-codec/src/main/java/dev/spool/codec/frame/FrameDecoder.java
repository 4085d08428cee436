package dev.spool.codec.frame;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.WireFormatException;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.MethodRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Turns one connection's bytes into {@link AmqpFrame}s: first the 8-octet protocol header ({@link
 * ProtocolHeaderAccepted} or {@link ProtocolHeaderRejected}), then frames. Method frames are decoded here; content
 * frames are emitted as retained slices (see their ownership notes); reassembly is left to {@code spool-amqp}.
 *
 * <p>A small state machine: {@code PROTOCOL_HEADER -> FRAME_HEADER <-> FRAME_PAYLOAD}, and {@code BAD} after any
 * rejection or {@link FrameError}, in which all further input is discarded. Nothing is ever thrown into the
 * pipeline. A frame's declared size is checked against frame_max as soon as its 7-octet header is in, before any
 * payload is buffered, so a hostile size costs nothing. Like RabbitMQ, a payload may exceed {@code frame_max - 8} by
 * up to 8 octets (clients commonly get the overhead wrong); the limit is 4096 until {@link #setMaxFrameSize} is
 * called after tuning.
 *
 * <p>One instance per connection, called only on that channel's event loop; {@link #setMaxFrameSize} must be called
 * there too (as the handler that processes {@code connection.tune-ok} is).
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final int PROTOCOL_HEADER_SIZE = 8;
    private static final int METHOD_PREFIX = 4;

    private enum State { PROTOCOL_HEADER, FRAME_HEADER, FRAME_PAYLOAD, BAD }

    private State state;
    private long frameMax = Frames.FRAME_MIN_SIZE;
    private int type;
    private int channel;
    private int payloadSize;

    /** A decoder for a server connection: the client's protocol header comes first. */
    public FrameDecoder() {
        this(true);
    }

    private FrameDecoder(boolean expectProtocolHeader) {
        state = expectProtocolHeader ? State.PROTOCOL_HEADER : State.FRAME_HEADER;
    }

    /** A decoder that starts with frames, for a client's side of a connection (the server sends no header). */
    public static FrameDecoder withoutProtocolHeader() {
        return new FrameDecoder(false);
    }

    /**
     * Sets the negotiated frame_max (frame size including the 8 octets of overhead); 0 means no limit beyond
     * {@link Frames#MAX_PAYLOAD}.
     *
     * @throws IllegalArgumentException unless 0 or at least {@link Frames#FRAME_MIN_SIZE}
     */
    public void setMaxFrameSize(long frameMax) {
        if (frameMax != 0 && (frameMax < Frames.FRAME_MIN_SIZE || frameMax > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("frame_max must be 0 or 4096 to 2^32-1: " + frameMax);
        }
        this.frameMax = frameMax;
    }

    /** The frame_max in force: 4096 before tuning, 0 for no limit. */
    public long maxFrameSize() {
        return frameMax;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (state) {
                case PROTOCOL_HEADER -> decodeProtocolHeader(in, out);
                case FRAME_HEADER -> decodeFrameHeader(in, out);
                case FRAME_PAYLOAD -> decodePayload(in, out);
                case BAD -> in.skipBytes(in.readableBytes());
                default -> throw new IllegalStateException(state.name());
            }
        } catch (RuntimeException e) {
            // A bug here, not bad input (that becomes a FrameError): still keep it out of exceptionCaught.
            fail(in, out, FrameError.internalError(e));
        }
    }

    private void decodeProtocolHeader(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = Math.min(in.readableBytes(), PROTOCOL_HEADER_SIZE);
        for (int i = 0; i < available; i++) {
            if (in.getByte(start + i) != Frames.protocolHeaderByte(i)) {
                // Reject as soon as a byte differs: garbage need not wait for eight octets.
                fail(in, out, ProtocolHeaders.rejection(in, start, available));
                return;
            }
        }
        if (available == PROTOCOL_HEADER_SIZE) {
            in.skipBytes(PROTOCOL_HEADER_SIZE);
            state = State.FRAME_HEADER;
            out.add(ProtocolHeaderAccepted.INSTANCE);
        }
    }

    private void decodeFrameHeader(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Frames.FRAME_HEADER_SIZE) {
            return;
        }
        type = in.readUnsignedByte();
        channel = in.readUnsignedShort();
        long size = in.readUnsignedInt();
        long limit = frameMax == 0 ? Frames.MAX_PAYLOAD : Math.min(frameMax, Frames.MAX_PAYLOAD);
        if (size > limit) {
            fail(in, out, FrameError.frameTooLarge(type, size, frameMax == 0 ? limit + 8 : frameMax));
            return;
        }
        payloadSize = (int) size;
        state = State.FRAME_PAYLOAD;
        decodePayload(in, out);
    }

    private void decodePayload(ByteBuf in, List<Object> out) {
        if (in.readableBytes() <= payloadSize) {
            return; // the payload and its frame-end octet are not all in yet
        }
        int start = in.readerIndex();
        int marker = in.getUnsignedByte(start + payloadSize);
        if (marker != Frames.FRAME_END) {
            fail(in, out, FrameError.invalidFrameEnd(type, in, start, payloadSize, marker));
            return;
        }
        Object frame = switch (type) {
            case Frames.FRAME_METHOD -> methodFrame(in, start);
            case Frames.FRAME_HEADER -> contentHeaderFrame(in, start);
            case Frames.FRAME_BODY -> contentBodyFrame(in, start);
            case Frames.FRAME_HEARTBEAT -> heartbeatFrame(in, start);
            default -> FrameError.unknownFrame(type, in, start, payloadSize);
        };
        if (frame instanceof FrameError error) {
            fail(in, out, error);
            return;
        }
        in.skipBytes(payloadSize + 1);
        state = State.FRAME_HEADER;
        out.add(frame);
    }

    private Object methodFrame(ByteBuf in, int start) {
        if (payloadSize < METHOD_PREFIX) {
            return FrameError.unknownFrame(type, in, start, payloadSize);
        }
        int classId = in.getUnsignedShort(start);
        int methodId = in.getUnsignedShort(start + 2);
        // A slice bounds the arguments: a truncated method must not read on into the frame-end or the next frame.
        ByteBuf arguments = in.slice(start + METHOD_PREFIX, payloadSize - METHOD_PREFIX);
        AmqpMethod method;
        try {
            method = MethodRegistry.decode(classId, methodId, arguments);
        } catch (WireFormatException e) {
            return FrameError.cannotDecode(classId, methodId, e.getMessage());
        } catch (IndexOutOfBoundsException e) {
            return FrameError.cannotDecode(classId, methodId, "arguments end early");
        }
        if (method == null) {
            return FrameError.unknownMethod(classId, methodId);
        }
        if (arguments.isReadable()) {
            return FrameError.cannotDecode(classId, methodId,
                    "unexpected octets after the arguments (" + arguments.readableBytes() + ")");
        }
        return new MethodFrame(channel, method);
    }

    private Object contentHeaderFrame(ByteBuf in, int start) {
        if (channel == 0) {
            return FrameError.unexpectedFrame(type, in, start, payloadSize);
        }
        if (payloadSize < Frames.CONTENT_HEADER_PREFIX) {
            return FrameError.unknownFrame(type, in, start, payloadSize);
        }
        int classId = in.getUnsignedShort(start);
        int weight = in.getUnsignedShort(start + 2);
        long bodySize = in.getLong(start + 4);
        if (weight != 0) {
            return FrameError.nonZeroWeight(classId, weight);
        }
        ByteBuf properties = in.retainedSlice(start + Frames.CONTENT_HEADER_PREFIX,
                payloadSize - Frames.CONTENT_HEADER_PREFIX);
        if (classId == BasicProperties.CLASS_ID) {
            // Checked once here, so peeks on the hot path can trust the layout; other classes have no properties
            // and a header for them is the assembler's UNEXPECTED_FRAME to report.
            try {
                BasicProperties.checkWellFormed(properties);
            } catch (WireFormatException e) {
                properties.release();
                return FrameError.cannotDecodeProperties(classId, e.getMessage());
            }
        }
        return new ContentHeaderFrame(channel, classId, bodySize, properties);
    }

    private Object contentBodyFrame(ByteBuf in, int start) {
        if (channel == 0) {
            return FrameError.unexpectedFrame(type, in, start, payloadSize);
        }
        return new ContentBodyFrame(channel, in.retainedSlice(start, payloadSize));
    }

    private Object heartbeatFrame(ByteBuf in, int start) {
        if (payloadSize != 0) {
            return FrameError.unknownFrame(type, in, start, payloadSize);
        }
        if (channel != 0) {
            return FrameError.unexpectedFrame(type, in, start, payloadSize);
        }
        return HeartbeatFrame.INSTANCE;
    }

    /** Emits {@code event}, discards what is buffered and ignores everything that follows. */
    private void fail(ByteBuf in, List<Object> out, Object event) {
        in.skipBytes(in.readableBytes());
        state = State.BAD;
        out.add(event);
    }
}
