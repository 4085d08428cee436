package dev.spool.amqp;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.AccessControl;
import dev.spool.engine.auth.User;
import dev.spool.engine.limits.Limits;

import java.util.concurrent.Executor;

/**
 * What a connection's channels need of it once connection.open succeeded: the virtual host, the user, the token that
 * owns its exclusive queues, what the client said it can do, the frame writer and the delivery outbox. Immutable.
 *
 * @param vhost                the virtual host opened
 * @param user                 the authenticated user
 * @param owner                the connection's token for exclusive queues (compared with {@code equals})
 * @param consumerCancelNotify whether the client's capabilities include {@code consumer_cancel_notify}, so it is told
 *                             with basic.cancel when a queue drops its consumer
 * @param maxMessageSize       the largest body accepted
 * @param writer               the connection's frame writer (event loop only)
 * @param outbox               the connection's delivery outbox
 * @param access               the user's permission checks in the virtual host (event loop only)
 * @param limits               the broker's limits (the virtual host's queue limit, the user's channel limit)
 * @param eventLoop            the connection's event loop, where work from other threads is handed
 * @param replies              the server's direct reply-to consumers
 */
record OpenConnection(VirtualHost vhost, User user, Object owner, boolean consumerCancelNotify, long maxMessageSize,
                      FrameWriter writer, DeliveryOutbox outbox, AccessControl access, Limits limits,
                      Executor eventLoop, DirectReplyTo replies) {
}
