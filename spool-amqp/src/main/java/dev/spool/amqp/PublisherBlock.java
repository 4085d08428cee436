package dev.spool.amqp;

import dev.spool.codec.method.ConnectionBlocked;
import dev.spool.codec.method.ConnectionUnblocked;
import io.netty.channel.Channel;

/**
 * Blocks one connection's publishers under a resource alarm, as RabbitMQ does: a client that announced the
 * {@code connection.blocked} capability is told with connection.blocked (and connection.unblocked when it is over),
 * and the connection stops reading at its next basic.publish until unblocked, so consumers on connections that do not
 * publish keep going.
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
        if (blocked) {
            tell();
        }
    }

    /** Blocks publishers; {@code open} says whether the connection can be told now (else it is told at open). */
    void block(String why, boolean open) {
        if (blocked) {
            return;
        }
        blocked = true;
        reason = why;
        if (open) {
            tell();
        }
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

    /** A content-bearing method arrived: while blocked, stop reading after it. */
    void beforePublish() {
        if (blocked) {
            socket.config().setAutoRead(false);
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
