package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.frame.ContentBodyFrame;
import dev.spool.codec.frame.ContentHeaderFrame;
import dev.spool.codec.method.BasicPublish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Reassembles one channel's published message from its three kinds of frames: basic.publish, the content header,
 * then body frames until the announced size is reached. A small state machine, as RabbitMQ's command assembler:
 * {@code METHOD -> HEADER -> BODY -> METHOD}. Frames out of that order are 505 UNEXPECTED_FRAME (a connection error),
 * with RabbitMQ's texts; a body announced larger than the configured maximum is refused at the header, before any of
 * it is buffered (406, a channel error, RabbitMQ's text).
 *
 * <p>Ownership: it takes over the buffers of the frames it is given and releases them on {@link #reset()}; a
 * completed message's {@link #properties()} and {@link #body()} stay valid until then.
 *
 * <p>Confined to the connection's event loop.
 */
final class ContentAssembler {
    private enum State { METHOD, HEADER, BODY, COMPLETE }

    private final ByteBufAllocator alloc;
    private final long maxMessageSize;
    private State state = State.METHOD;
    private BasicPublish publish;
    private ByteBuf properties;
    private ByteBuf body;
    private CompositeByteBuf joined; // set once a body spans several frames; then body == joined
    private long remaining;

    ContentAssembler(ByteBufAllocator alloc, long maxMessageSize) {
        this.alloc = alloc;
        this.maxMessageSize = maxMessageSize;
    }

    /** Whether a method frame may come now (no content is being assembled). */
    boolean expectsMethod() {
        return state == State.METHOD;
    }

    /** The method being assembled, or null. */
    BasicPublish publish() {
        return publish;
    }

    /** A method frame arrived while content was expected: RabbitMQ's 505 for the content in progress. */
    AmqpError unexpectedMethod() {
        if (state == State.HEADER) {
            return AmqpError.unexpectedFrame("expected content header for class " + BasicPublish.CLASS_ID
                    + ", got non content header frame instead", BasicPublish.CLASS_ID, BasicPublish.METHOD_ID);
        }
        return AmqpError.unexpectedFrame("expected content body, got non content body frame instead",
                BasicPublish.CLASS_ID, BasicPublish.METHOD_ID);
    }

    /** basic.publish: its content follows. */
    void start(BasicPublish method) {
        publish = method;
        state = State.HEADER;
    }

    /**
     * The content header: takes over {@code frame}'s buffer (also when it fails).
     *
     * @return true if the message is complete (an empty body)
     */
    boolean header(ContentHeaderFrame frame) {
        if (state != State.HEADER) {
            frame.release();
            if (state == State.METHOD) {
                throw AmqpError.unexpectedFrame("expected method frame, got non method frame instead", 0, 0);
            }
            throw AmqpError.unexpectedFrame("expected content body, got non content body frame instead",
                    BasicPublish.CLASS_ID, BasicPublish.METHOD_ID);
        }
        if (frame.classId() != BasicPublish.CLASS_ID) {
            frame.release();
            throw AmqpError.unexpectedFrame("expected content header for class " + BasicPublish.CLASS_ID
                    + ", got one for class " + frame.classId() + " instead", BasicPublish.CLASS_ID,
                    BasicPublish.METHOD_ID);
        }
        long size = frame.bodySize();
        if (size < 0 || size > maxMessageSize) {
            frame.release();
            reset();
            throw AmqpError.at(ReplyCode.PRECONDITION_FAILED, "message size "
                    + Long.toUnsignedString(size) + " is larger than configured max size " + maxMessageSize,
                    BasicPublish.CLASS_ID, BasicPublish.METHOD_ID);
        }
        properties = frame.properties(); // the decoder has checked that class 60 properties are well formed
        remaining = size;
        if (size == 0) {
            state = State.COMPLETE;
            return true;
        }
        state = State.BODY;
        return false;
    }

    /**
     * One body frame: takes over {@code frame}'s buffer (also when it fails).
     *
     * @return true if the message is complete
     */
    boolean body(ContentBodyFrame frame) {
        ByteBuf payload = frame.payload();
        if (state != State.BODY) {
            payload.release();
            if (state == State.HEADER) {
                throw AmqpError.unexpectedFrame("expected content header for class " + BasicPublish.CLASS_ID
                        + ", got non content header frame instead", BasicPublish.CLASS_ID, BasicPublish.METHOD_ID);
            }
            throw AmqpError.unexpectedFrame("expected method frame, got non method frame instead", 0, 0);
        }
        int length = payload.readableBytes();
        if (length > remaining) {
            payload.release();
            throw AmqpError.unexpectedFrame("content body is " + (length - remaining)
                    + " octets longer than the content header announced", BasicPublish.CLASS_ID,
                    BasicPublish.METHOD_ID);
        }
        if (body == null) {
            body = payload; // the common case: the whole body in one frame, nothing to join
        } else {
            if (joined == null) {
                joined = alloc.compositeBuffer(Integer.MAX_VALUE);
                joined.addComponent(true, body);
                body = joined;
            }
            joined.addComponent(true, payload);
        }
        remaining -= length;
        if (remaining == 0) {
            state = State.COMPLETE;
            return true;
        }
        return false;
    }

    /** The encoded properties of the completed message. */
    ByteBuf properties() {
        return properties;
    }

    /** The body of the completed message (empty for a zero-size body). */
    ByteBuf body() {
        return body == null ? Unpooled.EMPTY_BUFFER : body;
    }

    /** Releases what was assembled and waits for a method again. */
    void reset() {
        if (properties != null) {
            properties.release();
            properties = null;
        }
        if (body != null) {
            body.release();
            body = null;
            joined = null;
        }
        publish = null;
        remaining = 0;
        state = State.METHOD;
    }
}
