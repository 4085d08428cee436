package dev.spool.codec.frame;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.ReplyCode;
import dev.spool.codec.WireFormatException;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.MethodRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing rules of AMQP 0-9-1 as RabbitMQ's reader applies them, written out straight from the spec as a test
 * oracle for {@link FrameDecoder}: given a whole byte stream, which events should come out, in order, and with which
 * reply code. Events are named by {@link #kind}: {@code accepted}, {@code rejected}, {@code method}, {@code header},
 * {@code body}, {@code heartbeat}, or {@code error <code> <class id> <method id>}. Whether method arguments and
 * basic properties are well formed is asked of {@link MethodRegistry} and {@link BasicProperties}, which have fuzz
 * targets of their own. Stateless.
 */
final class FramingRules {
    private static final byte[] PROTOCOL_HEADER = Frames.protocolHeaderBytes();

    private FramingRules() {
    }

    /**
     * The events for {@code stream}.
     *
     * @param expectHeader whether the stream should open with the protocol header (a server's decoder)
     * @param limit        the largest payload allowed, from frame_max
     */
    static List<String> expectedKinds(byte[] stream, boolean expectHeader, long limit) {
        List<String> kinds = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(stream);
        if (expectHeader) {
            for (int i = 0; i < Math.min(stream.length, PROTOCOL_HEADER.length); i++) {
                if (stream[i] != PROTOCOL_HEADER[i]) {
                    kinds.add("rejected");
                    return kinds;
                }
            }
            if (stream.length < PROTOCOL_HEADER.length) {
                return kinds;
            }
            kinds.add("accepted");
            in.skipBytes(PROTOCOL_HEADER.length);
        }
        while (in.readableBytes() >= Frames.FRAME_HEADER_SIZE) {
            int type = in.readUnsignedByte();
            int channel = in.readUnsignedShort();
            long size = in.readUnsignedInt();
            if (size > limit) {
                kinds.add(error(ReplyCode.FRAME_ERROR, 0, 0));
                return kinds;
            }
            if (in.readableBytes() < size + 1) {
                return kinds; // cut off: nothing more comes out
            }
            ByteBuf payload = in.readSlice((int) size);
            String kind = in.readUnsignedByte() != Frames.FRAME_END
                    ? error(ReplyCode.FRAME_ERROR, 0, 0)
                    : frameKind(type, channel, payload);
            kinds.add(kind);
            if (kind.startsWith("error")) {
                return kinds;
            }
        }
        return kinds;
    }

    /** The kind of an event the decoder emitted, in the words of {@link #expectedKinds}. */
    static String kind(Object event) {
        if (event instanceof FrameError error) {
            return "error " + error.replyCode() + " " + error.classId() + " " + error.methodId();
        }
        if (event instanceof MethodFrame) {
            return "method";
        }
        if (event instanceof ContentHeaderFrame) {
            return "header";
        }
        if (event instanceof ContentBodyFrame) {
            return "body";
        }
        if (event instanceof HeartbeatFrame) {
            return "heartbeat";
        }
        if (event instanceof ProtocolHeaderAccepted) {
            return "accepted";
        }
        if (event instanceof ProtocolHeaderRejected) {
            return "rejected";
        }
        throw new AssertionError("the decoder emitted an undocumented " + event.getClass().getName());
    }

    private static String frameKind(int type, int channel, ByteBuf payload) {
        switch (type) {
            case Frames.FRAME_METHOD:
                return methodKind(payload);
            case Frames.FRAME_HEADER:
                if (channel == 0) {
                    return error(ReplyCode.UNEXPECTED_FRAME, 0, 0);
                }
                if (payload.readableBytes() < Frames.CONTENT_HEADER_PREFIX) {
                    return error(ReplyCode.FRAME_ERROR, 0, 0);
                }
                if (payload.getUnsignedShort(2) != 0) {
                    return error(ReplyCode.UNEXPECTED_FRAME, 0, 0); // weight
                }
                if (payload.getUnsignedShort(0) == BasicProperties.CLASS_ID
                        && !wellFormedProperties(payload.slice(Frames.CONTENT_HEADER_PREFIX,
                                payload.readableBytes() - Frames.CONTENT_HEADER_PREFIX))) {
                    return error(ReplyCode.FRAME_ERROR, 0, 0);
                }
                return "header";
            case Frames.FRAME_BODY:
                return channel == 0 ? error(ReplyCode.UNEXPECTED_FRAME, 0, 0) : "body";
            case Frames.FRAME_HEARTBEAT:
                if (payload.isReadable()) {
                    return error(ReplyCode.FRAME_ERROR, 0, 0);
                }
                return channel == 0 ? "heartbeat" : error(ReplyCode.UNEXPECTED_FRAME, 0, 0);
            default:
                return error(ReplyCode.FRAME_ERROR, 0, 0);
        }
    }

    private static String methodKind(ByteBuf payload) {
        if (payload.readableBytes() < 4) {
            return error(ReplyCode.FRAME_ERROR, 0, 0);
        }
        int classId = payload.readUnsignedShort();
        int methodId = payload.readUnsignedShort();
        AmqpMethod method;
        try {
            method = MethodRegistry.decode(classId, methodId, payload);
        } catch (WireFormatException | IndexOutOfBoundsException e) {
            return error(ReplyCode.FRAME_ERROR, classId, methodId);
        }
        if (method == null) {
            return error(ReplyCode.NOT_IMPLEMENTED, classId, methodId);
        }
        return payload.isReadable() ? error(ReplyCode.FRAME_ERROR, classId, methodId) : "method";
    }

    private static boolean wellFormedProperties(ByteBuf properties) {
        try {
            BasicProperties.checkWellFormed(properties);
            return true;
        } catch (WireFormatException e) {
            return false;
        }
    }

    private static String error(ReplyCode code, int classId, int methodId) {
        return "error " + code.code() + " " + classId + " " + methodId;
    }
}
