package dev.spool.amqp;

import dev.spool.codec.method.ConnectionBlocked;
import dev.spool.codec.method.ConnectionUnblocked;
import io.netty.channel.Channel;

/**
 * Blocks one connection's publishers under a resource alarm, as RabbitMQ's reader does: while the alarm is on, the
 * connection's next basic.publish blocks it: it stops reading after that publish, and a client that announced the
 * {@code connection.blocked} capability is told with connection.blocked (once, however many alarms are on). When the
 * alarm clears, reading resumes and a told client gets connection.unblocked. A connection that does not publish is
 * never blocked, so consumers keep draining.
 *
 * <p>Confined to the connection's event loop.
 */
final class PublisherBlock {
    private final FrameWriter writer;
    private final Channel socket;
    private boolean clientListens;
    private boolean blocked;
    private boolean told;
    private String reason = "";

    PublisherBlock(FrameWriter writer, Channel socket) {
        this.writer = writer;
        this.socket = socket;
    }

    /** The connection opened; {@code clientListens} when its capabilities include connection.blocked. */
    void opened(boolean clientListens) {
        this.clientListens = clientListens;
    }

    /** An alarm is on: the next publish blocks the connection, telling the client {@code why}. */
    void block(String why) {
        blocked = true;
        reason = why;
    }

    void unblock(boolean open) {
        if (!blocked) {
            return;
        }
        blocked = false;
        socket.config().setAutoRead(true);
        if (told && open) {
            writer.method(0, new ConnectionUnblocked());
            writer.flush();
        }
        told = false;
    }

    /** A content-bearing method arrived: while an alarm is on, stop reading after it and tell the client. */
    void beforePublish() {
        if (blocked) {
            socket.config().setAutoRead(false);
            tell();
        }
    }

    private void tell() {
        if (clientListens && !told) {
            writer.method(0, new ConnectionBlocked(reason));
            writer.flush();
            told = true;
        }
    }
}
