package dev.spool.it.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One AMQP frame as read off a raw socket: type, channel and payload (without the frame-end octet).
 *
 * @param type    1 method, 2 content header, 3 content body, 8 heartbeat
 * @param channel the channel number
 * @param payload the payload bytes
 */
public record RawFrame(int type, int channel, byte[] payload) {
    public static final int METHOD = 1;
    public static final int HEADER = 2;
    public static final int BODY = 3;
    public static final int HEARTBEAT = 8;

    public boolean isMethod(int classId, int methodId) {
        return type == METHOD && classId() == classId && methodId() == methodId;
    }

    public int classId() {
        return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    public int methodId() {
        return ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    }

    /** The arguments of a method frame, positioned after the class and method ids. */
    public ByteBuffer arguments() {
        return ByteBuffer.wrap(payload, 4, payload.length - 4).slice();
    }

    /** Reads a short string argument (length octet, then UTF-8 bytes). */
    public static String shortStr(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.get() & 0xff];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return type == METHOD && payload.length >= 4
                ? "method frame " + classId() + "/" + methodId() + " on channel " + channel
                : "frame type " + type + " on channel " + channel + " (" + payload.length + " bytes)";
    }
}
