package dev.spool.codec.frame;

import dev.spool.codec.ReplyCode;
import io.netty.buffer.ByteBuf;

/**
 * Emitted by {@link FrameDecoder} instead of a frame when the input is malformed; the decoder then ignores all
 * further input. The connection handler answers with {@code connection.close} carrying these fields, and closes the
 * connection once that is written: framing is lost, so no {@code close-ok} can be read back.
 *
 * <p>Codes and texts follow RabbitMQ's reader ({@code "FRAME_ERROR - type 1, first 16 octets = <<...>>:
 * {invalid_frame_end_marker,0}"}); the factories below are the one place they are worded. Texts fit a short string.
 *
 * @param classId  the class of the method that could not be decoded, else 0
 * @param methodId the method that could not be decoded, else 0
 */
public record FrameError(int replyCode, String replyText, int classId, int methodId) {
    private static final int SNIPPET_OCTETS = 16;

    public FrameError {
        replyText = ReplyCode.truncate(replyText);
    }

    /** The reply code as an enum constant. */
    public ReplyCode code() {
        return ReplyCode.of(replyCode);
    }

    /** A frame header declared more payload than {@code frameMax} allows (RabbitMQ's {@code frame_too_large}). */
    static FrameError frameTooLarge(int type, long size, long frameMax) {
        return new FrameError(ReplyCode.FRAME_ERROR.code(), ReplyCode.FRAME_ERROR.replyText(
                "type " + type + ", all octets = <<>>: {frame_too_large," + size + ","
                        + (frameMax - Frames.FRAME_OVERHEAD) + "}"), 0, 0);
    }

    /** The octet after the payload was not 0xCE: framing is lost. */
    static FrameError invalidFrameEnd(int type, ByteBuf in, int start, int size, int marker) {
        return new FrameError(ReplyCode.FRAME_ERROR.code(), ReplyCode.FRAME_ERROR.replyText(
                "type " + type + ", " + snippet(in, start, size) + ": {invalid_frame_end_marker," + marker + "}"),
                0, 0);
    }

    /** An unknown frame type, or a payload too short for its type (RabbitMQ's {@code unknown_frame}). */
    static FrameError unknownFrame(int type, ByteBuf in, int start, int size) {
        return new FrameError(ReplyCode.FRAME_ERROR.code(), ReplyCode.FRAME_ERROR.replyText(
                "type " + type + ", " + snippet(in, start, size) + ": unknown_frame"), 0, 0);
    }

    /** A frame that cannot be on its channel: a heartbeat off channel 0, content on channel 0. */
    static FrameError unexpectedFrame(int type, ByteBuf in, int start, int size) {
        return new FrameError(ReplyCode.UNEXPECTED_FRAME.code(), ReplyCode.UNEXPECTED_FRAME.replyText(
                "type " + type + ", " + snippet(in, start, size)), 0, 0);
    }

    /** A content header whose weight is not 0, which RabbitMQ does not take for a content header. */
    static FrameError nonZeroWeight(int classId, int weight) {
        return new FrameError(ReplyCode.UNEXPECTED_FRAME.code(), ReplyCode.UNEXPECTED_FRAME.replyText(
                "content header for class " + classId + " has weight " + weight + ", not 0"), 0, 0);
    }

    /** A known method whose arguments are truncated, malformed or followed by extra octets. */
    static FrameError cannotDecode(int classId, int methodId, String detail) {
        return new FrameError(ReplyCode.FRAME_ERROR.code(), ReplyCode.FRAME_ERROR.replyText(
                "cannot decode method {" + classId + "," + methodId + "}: " + detail), classId, methodId);
    }

    /** Content header properties that are not well formed. */
    static FrameError cannotDecodeProperties(int classId, String detail) {
        return new FrameError(ReplyCode.FRAME_ERROR.code(), ReplyCode.FRAME_ERROR.replyText(
                "cannot decode content header properties of class " + classId + ": " + detail), 0, 0);
    }

    /** Class and method ids that name no method. */
    static FrameError unknownMethod(int classId, int methodId) {
        return new FrameError(ReplyCode.NOT_IMPLEMENTED.code(), ReplyCode.NOT_IMPLEMENTED.replyText(
                "unknown method {" + classId + "," + methodId + "}"), classId, methodId);
    }

    /** A bug in the decoder rather than bad input. */
    static FrameError internalError(RuntimeException e) {
        return new FrameError(ReplyCode.INTERNAL_ERROR.code(), ReplyCode.INTERNAL_ERROR.replyText(
                "frame decoder failed: " + e), 0, 0);
    }

    /** RabbitMQ's payload snippet: {@code all octets = <<1,2>>}, or {@code first 16 octets = <<...>>}. */
    private static String snippet(ByteBuf in, int start, int size) {
        int shown = Math.min(size, SNIPPET_OCTETS);
        StringBuilder text = new StringBuilder(size <= SNIPPET_OCTETS ? "all" : "first " + SNIPPET_OCTETS)
                .append(" octets = <<");
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ",").append(in.getUnsignedByte(start + i));
        }
        return text.append(">>").toString();
    }
}
