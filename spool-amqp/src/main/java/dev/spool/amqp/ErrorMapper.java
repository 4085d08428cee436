package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.WireFormatException;
import dev.spool.codec.frame.FrameError;
import dev.spool.engine.EngineException;
import dev.spool.engine.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into what the client is told: an engine {@link EngineException} condition, a
 * protocol violation found here ({@link AmqpError}), malformed content, or anything unexpected (541, logged once with
 * its stack trace here and nowhere else). The reply text is RabbitMQ's {@code "NAME - detail"}, cut to a short string.
 *
 * <p>Stateless; called on connection event loops.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    /**
     * Maps a failure raised while handling the method with these ids (0, 0 when no method was being handled).
     */
    static CloseReason map(Throwable failure, int classId, int methodId) {
        if (failure instanceof EngineException engine) {
            return reason(code(engine.condition()), engine.getMessage(), classId, methodId);
        }
        if (failure instanceof AmqpError error) {
            boolean own = error.classId() == AmqpError.FAILING_METHOD;
            return reason(error.replyCode(), error.detail(), own ? classId : error.classId(),
                    own ? methodId : error.methodId());
        }
        if (failure instanceof WireFormatException malformed) {
            return reason(ReplyCode.SYNTAX_ERROR, String.valueOf(malformed.getMessage()), classId, methodId);
        }
        LOG.error("internal error while handling method {}/{}", classId, methodId, failure);
        return new CloseReason(ReplyCode.INTERNAL_ERROR, ReplyCode.INTERNAL_ERROR.name(), classId, methodId);
    }

    /** connection.close 320 as RabbitMQ sends it when the broker closes a connection itself (e.g. on shutdown). */
    static CloseReason forced(String reason) {
        return reason(ReplyCode.CONNECTION_FORCED, "broker forced connection closure with reason '" + reason + "'",
                0, 0);
    }

    /** connection.close for a malformed frame, with the codec's code and RabbitMQ's text. */
    static CloseReason frameError(FrameError error) {
        ReplyCode code = error.code() == null ? ReplyCode.FRAME_ERROR : error.code();
        return new CloseReason(code, error.replyText(), error.classId(), error.methodId());
    }

    /** A reply for an explicit code and detail (codec frame errors, handshake failures). */
    static CloseReason reason(ReplyCode code, String detail, int classId, int methodId) {
        return new CloseReason(code, code.replyText(detail), classId, methodId);
    }

    /** The reply code RabbitMQ uses for an engine condition. */
    static ReplyCode code(ErrorCondition condition) {
        switch (condition) {
            case NOT_FOUND:
                return ReplyCode.NOT_FOUND;
            case PRECONDITION_FAILED:
                return ReplyCode.PRECONDITION_FAILED;
            case RESOURCE_LOCKED:
                return ReplyCode.RESOURCE_LOCKED;
            case ACCESS_REFUSED:
                return ReplyCode.ACCESS_REFUSED;
            case NOT_ALLOWED:
                return ReplyCode.NOT_ALLOWED;
            case RESOURCE_ERROR:
                return ReplyCode.RESOURCE_ERROR;
            case COMMAND_INVALID:
                return ReplyCode.COMMAND_INVALID;
            case NOT_IMPLEMENTED:
                return ReplyCode.NOT_IMPLEMENTED;
            case INTERNAL_ERROR:
            default:
                return ReplyCode.INTERNAL_ERROR;
        }
    }
}
