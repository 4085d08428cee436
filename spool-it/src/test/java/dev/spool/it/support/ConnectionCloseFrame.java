package dev.spool.it.support;

import java.nio.ByteBuffer;

/**
 * The arguments of a connection.close the broker wrote on a raw socket.
 *
 * @param replyCode the reply code, e.g. 501 FRAME_ERROR
 * @param replyText the reply text
 * @param classId   the class id of the method that caused the close, 0 when no method did
 * @param methodId  the method id of that method, 0 when no method did
 */
public record ConnectionCloseFrame(int replyCode, String replyText, int classId, int methodId) {

    static ConnectionCloseFrame parse(RawFrame frame) {
        ByteBuffer args = frame.arguments();
        int replyCode = args.getShort() & 0xffff;
        String replyText = RawFrame.shortStr(args);
        int classId = args.getShort() & 0xffff;
        int methodId = args.getShort() & 0xffff;
        return new ConnectionCloseFrame(replyCode, replyText, classId, methodId);
    }

    /** The three numbers, for comparing in one assertion. */
    public ProtocolErrors.CloseIds ids() {
        return new ProtocolErrors.CloseIds(replyCode, classId, methodId);
    }
}
