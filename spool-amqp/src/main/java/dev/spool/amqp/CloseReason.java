package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.method.ChannelClose;
import dev.spool.codec.method.ConnectionClose;

/**
 * Why the server closes a channel or a connection: the reply code, RabbitMQ's reply text ({@code "NAME - detail"}) and
 * the class and method ids of the method that failed (0, 0 when none did). Built only by {@link ErrorMapper}.
 */
record CloseReason(ReplyCode code, String replyText, int classId, int methodId) {

    /** Hard errors (5xx, 320, 402) close the connection; soft ones (403..406) only the channel. */
    boolean closesConnection() {
        return code.hardError();
    }

    ChannelClose channelClose() {
        return new ChannelClose(code.code(), replyText, classId, methodId);
    }

    ConnectionClose connectionClose() {
        return new ConnectionClose(code.code(), replyText, classId, methodId);
    }
}
