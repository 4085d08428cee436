package dev.spool.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Assertions on the channel.close and connection.close a broker sends: the reply code and the class and method ids
 * of the method that caused it, as the client library reports them in {@link ShutdownSignalException#getReason()}.
 *
 * <p>Stateless; call from the test thread.
 */
public final class ProtocolErrors {
    private static final Duration CLOSE_ARRIVES_WITHIN = Duration.ofSeconds(10);

    private ProtocolErrors() {
    }

    /**
     * Runs a synchronous client call that must fail because the broker closed the channel, and checks the close.
     *
     * @return the channel.close the broker sent, for further checks (reply text)
     */
    public static AMQP.Channel.Close assertChannelError(ThrowingCallable call, int replyCode, int classId,
            int methodId) {
        ShutdownSignalException signal = shutdownSignalThrownBy(call);
        assertThat(signal.isHardError()).as("a channel error, not a connection error: %s", signal).isFalse();
        return assertChannelClose(signal.getReason(), replyCode, classId, methodId);
    }

    /**
     * Runs a client call that must fail because the broker closed the whole connection, and checks the close.
     *
     * @return the connection.close the broker sent
     */
    public static AMQP.Connection.Close assertConnectionError(ThrowingCallable call, int replyCode, int classId,
            int methodId) {
        ShutdownSignalException signal = shutdownSignalThrownBy(call);
        assertThat(signal.isHardError()).as("a connection error, not a channel error: %s", signal).isTrue();
        return assertConnectionClose(signal.getReason(), replyCode, classId, methodId);
    }

    /**
     * Waits for the broker to close a channel after an asynchronous method (basic.publish, basic.ack), then checks
     * the close it sent.
     */
    public static AMQP.Channel.Close assertChannelClosedBy(Channel channel, int replyCode, int classId,
            int methodId) {
        await().atMost(CLOSE_ARRIVES_WITHIN).until(() -> !channel.isOpen());
        ShutdownSignalException signal = channel.getCloseReason();
        assertThat(signal.isInitiatedByApplication()).as("closed by the broker: %s", signal).isFalse();
        assertThat(signal.isHardError()).as("a channel error, not a connection error: %s", signal).isFalse();
        return assertChannelClose(signal.getReason(), replyCode, classId, methodId);
    }

    /** Waits for the broker to close a connection, then checks the connection.close it sent. */
    public static AMQP.Connection.Close assertConnectionClosedBy(Connection connection, int replyCode, int classId,
            int methodId) {
        await().atMost(CLOSE_ARRIVES_WITHIN).until(() -> !connection.isOpen());
        ShutdownSignalException signal = connection.getCloseReason();
        assertThat(signal.isInitiatedByApplication()).as("closed by the broker: %s", signal).isFalse();
        return assertConnectionClose(signal.getReason(), replyCode, classId, methodId);
    }

    /** The shutdown signal somewhere in the cause chain of what {@code call} throws; fails if it throws none. */
    public static ShutdownSignalException shutdownSignalThrownBy(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the broker should have closed the channel or connection, but the call succeeded")
                .isNotNull();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal) {
                return signal;
            }
        }
        throw new AssertionError("expected a ShutdownSignalException in the cause chain", thrown);
    }

    private static AMQP.Channel.Close assertChannelClose(Method reason, int replyCode, int classId, int methodId) {
        assertThat(reason).as("close reason").isInstanceOf(AMQP.Channel.Close.class);
        AMQP.Channel.Close close = (AMQP.Channel.Close) reason;
        assertThat(new CloseIds(close.getReplyCode(), close.getClassId(), close.getMethodId()))
                .as("channel.close (reply code, class id, method id); reply text: %s", close.getReplyText())
                .isEqualTo(new CloseIds(replyCode, classId, methodId));
        return close;
    }

    private static AMQP.Connection.Close assertConnectionClose(Method reason, int replyCode, int classId,
            int methodId) {
        assertThat(reason).as("close reason").isInstanceOf(AMQP.Connection.Close.class);
        AMQP.Connection.Close close = (AMQP.Connection.Close) reason;
        assertThat(new CloseIds(close.getReplyCode(), close.getClassId(), close.getMethodId()))
                .as("connection.close (reply code, class id, method id); reply text: %s", close.getReplyText())
                .isEqualTo(new CloseIds(replyCode, classId, methodId));
        return close;
    }

    /** The three numbers a close carries, compared together so a failure shows all of them. */
    public record CloseIds(int replyCode, int classId, int methodId) {
    }
}
