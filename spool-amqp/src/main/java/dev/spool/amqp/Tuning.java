package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.method.ConnectionTune;

/**
 * connection.tune negotiation: what the server offers and what the client answers in tune-ok become the limits in
 * force. For channel_max and frame_max the lower non-zero value wins and 0 from both means no limit. As RabbitMQ
 * validates tune-ok, a client frame_max below 4096, or a channel_max or frame_max above what the server offered, is
 * refused with 530 NOT_ALLOWED (RabbitMQ's texts, reported against connection.tune). The heartbeat is the one the
 * client answered, as RabbitMQ takes it: the client has already negotiated it against the offer, and 0 there means
 * the client will send none, so the server must not expect any.
 *
 * <p>Immutable result; the functions are pure.
 *
 * @param channelMax       the highest channel number, 0 for no limit
 * @param frameMax         the largest frame, 0 for no limit
 * @param heartbeatSeconds the heartbeat interval, 0 for none
 */
record Tuning(int channelMax, long frameMax, int heartbeatSeconds) {

    /**
     * Negotiates the limits from the server's settings and the client's tune-ok.
     *
     * @throws AmqpError 530 NOT_ALLOWED when the client's frame_max is below 4096, or a limit is above the offer
     */
    static Tuning negotiate(AmqpSettings server, int clientChannelMax, long clientFrameMax, int clientHeartbeat) {
        if (clientFrameMax != 0 && clientFrameMax < AmqpSettings.FRAME_MIN_SIZE) {
            throw refused("frame_max = " + clientFrameMax + " is lower than the minimum allowed value ("
                    + AmqpSettings.FRAME_MIN_SIZE + ")");
        }
        checkNotAboveOffer("frame_max", server.frameMax(), clientFrameMax);
        checkNotAboveOffer("channel_max", server.channelMax(), clientChannelMax);
        return new Tuning((int) lowerNonZero(server.channelMax(), clientChannelMax),
                lowerNonZero(server.frameMax(), clientFrameMax), clientHeartbeat);
    }

    private static void checkNotAboveOffer(String field, long offered, long client) {
        if (offered != 0 && client > offered) {
            throw refused(field + " = " + client + " is higher than the maximum allowed value (" + offered + ")");
        }
    }

    private static AmqpError refused(String detail) {
        return AmqpError.at(ReplyCode.NOT_ALLOWED, "negotiated " + detail, ConnectionTune.CLASS_ID,
                ConnectionTune.METHOD_ID);
    }

    /** The lower of two limits where 0 means "no limit": the lower non-zero one, or 0 if both are 0. */
    static long lowerNonZero(long server, long client) {
        if (server == 0) {
            return client;
        }
        if (client == 0) {
            return server;
        }
        return Math.min(server, client);
    }
}
