package dev.spool.amqp;

import dev.spool.codec.ReplyCode;

/**
 * A protocol violation or refusal found by the AMQP front end itself (the engine raises
 * {@link dev.spool.engine.EngineException} instead). It carries the reply code and the detail text without the
 * {@code "NAME - "} prefix; {@link ErrorMapper} turns it into channel.close or connection.close.
 *
 * <p>The class and method ids are normally those of the method being handled; an error raised outside any method
 * (a frame out of sequence) or one RabbitMQ reports against a fixed method (connection.tune) names them explicitly.
 */
final class AmqpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Marks "use the ids of the method being handled". */
    static final int FAILING_METHOD = -1;

    private final ReplyCode replyCode;
    private final int classId;
    private final int methodId;

    private AmqpError(ReplyCode replyCode, String detail, int classId, int methodId) {
        super(detail, null, false, false);
        this.replyCode = replyCode;
        this.classId = classId;
        this.methodId = methodId;
    }

    /** An error reported against the method being handled. */
    static AmqpError of(ReplyCode replyCode, String detail) {
        return new AmqpError(replyCode, detail, FAILING_METHOD, FAILING_METHOD);
    }

    /** An error reported against the given method ids (0, 0 when no method caused it). */
    static AmqpError at(ReplyCode replyCode, String detail, int classId, int methodId) {
        return new AmqpError(replyCode, detail, classId, methodId);
    }

    static AmqpError preconditionFailed(String detail) {
        return of(ReplyCode.PRECONDITION_FAILED, detail);
    }

    static AmqpError notFound(String detail) {
        return of(ReplyCode.NOT_FOUND, detail);
    }

    static AmqpError notImplemented(String detail) {
        return of(ReplyCode.NOT_IMPLEMENTED, detail);
    }

    static AmqpError channelError(String detail) {
        return of(ReplyCode.CHANNEL_ERROR, detail);
    }

    static AmqpError unexpectedFrame(String detail, int classId, int methodId) {
        return at(ReplyCode.UNEXPECTED_FRAME, detail, classId, methodId);
    }

    ReplyCode replyCode() {
        return replyCode;
    }

    /** The detail text, without the reply name prefix. */
    String detail() {
        return getMessage();
    }

    int classId() {
        return classId;
    }

    int methodId() {
        return methodId;
    }
}
