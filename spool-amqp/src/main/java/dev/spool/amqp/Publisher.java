package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.BasicReturn;
import dev.spool.engine.EngineException;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.auth.Access;
import dev.spool.engine.auth.AccessControl;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.lease.LeaseRequest;
import dev.spool.engine.message.Message;
import dev.spool.store.log.DurableCallback;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * basic.publish for one channel, once its content is assembled: builds the engine message, routes, stores and
 * enqueues it through the virtual host (reusing one {@link PublishScratch}), sends basic.return 312 NO_ROUTE for an
 * unroutable mandatory message before its confirm (not for a duplicate its exchange dropped), and confirms it when
 * the channel is in confirm mode: at once, or, for a persistent message the store wrote for a durable queue, once
 * {@link DurableAppends} hears it is on disk. On a transactional channel the message is held until tx.commit, and the
 * commit remembers the last token that waits for the disk so that tx.commit-ok waits for it too.
 *
 * <p>Two kinds of publish never reach the virtual host's routing: a lease request to
 * {@value LeaseRequest#EXCHANGE} ({@link LeaseExtensions}; applied at once, even in a transaction, and confirmed), and
 * a direct reply-to reply (default exchange, routing key {@value DirectReplyTo#PREFIX}{@code <key>}), handed straight
 * to the requester's channel. A {@code reply_to} of {@value DirectReplyTo#QUEUE} is rewritten to this channel's reply
 * name first ({@link DirectReplyConsumer}).
 *
 * <p>The hot path: apart from the message itself (its body array and encoded properties), a publish allocates nothing
 * here.
 *
 * <p>Confined to the connection's event loop.
 */
final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final String NO_ROUTE = "NO_ROUTE";

    private final int channelId;
    private final OpenConnection connection;
    private final Confirms confirms;
    private final PublishScratch scratch;
    private final MessageCounters counters;
    private final DirectReplyConsumer replies;
    private final LeaseExtensions leaseExtensions;
    /** Tokens of transactional publishes (confirm mode uses sequence numbers instead; the two never mix). */
    private long txTokens;
    /** The last token whose publish waits for the disk. */
    private long lastAwaitedToken;

    /**
     * @param durable  told when this channel's stored publishes are on disk
     * @param counters the channel's message counters (a publish waiting for the disk counts as confirmed when the
     *                 channel hears it is on disk)
     */
    Publisher(int channelId, OpenConnection connection, Confirms confirms, DurableCallback durable,
              MessageCounters counters, DirectReplyConsumer replies, LeaseExtensions leaseExtensions) {
        this.channelId = channelId;
        this.replies = replies;
        this.leaseExtensions = leaseExtensions;
        this.counters = counters;
        this.connection = connection;
        this.confirms = confirms;
        this.scratch = new PublishScratch(durable);
    }

    /** An assembled basic.publish. Does not release the buffers. */
    void publish(BasicPublish method, ByteBuf properties, ByteBuf body, Transaction tx) {
        if (method.immediate()) {
            throw AmqpError.notImplemented("immediate=true");
        }
        VirtualHost vhost = connection.vhost();
        if (method.exchange().equals(LeaseRequest.EXCHANGE)) {
            extendLeases(method, properties, body);
            return;
        }
        checkAccess(vhost, method);
        ByteBuf rewritten = replies.rewriteReplyTo(properties);
        Message message;
        try {
            message = InboundMessage.create(method, rewritten, body, vhost.clock().millis());
        } finally {
            if (rewritten != properties) {
                rewritten.release();
            }
        }
        if (tx != null) {
            checkExchange(vhost, method.exchange());
            tx.hold(method.exchange(), message, method.mandatory());
            return;
        }
        long sequence = confirms.enabled() ? confirms.next() : 0;
        route(method.exchange(), message, method.mandatory(), sequence, sequence);
    }

    /** tx.commit: routes the held publishes in order. */
    void commit(Transaction tx) {
        for (Transaction.HeldPublish held : tx.publishes()) {
            route(held.exchange(), held.message(), held.mandatory(), 0, ++txTokens);
        }
        tx.clear();
    }

    /** The last token whose publish waits for the disk (0 for none): a commit is done once that one is. */
    long lastAwaitedToken() {
        return lastAwaitedToken;
    }

    /**
     * @param sequence the confirm sequence number, 0 outside confirm mode
     * @param token    what the store's callback will name the publish by; 0 for no callback
     */
    private void route(String exchange, Message message, boolean mandatory, long sequence, long token) {
        int queues;
        counters.increment(MessageCounters.RECEIVED);
        if (sequence != 0) {
            counters.increment(MessageCounters.RECEIVED_CONFIRM);
        }
        try {
            queues = DirectReplyTo.isReply(exchange, message.routingKey())
                    ? (connection.replies().deliver(message) ? 1 : 0)
                    : connection.vhost().publish(exchange, message, scratch, token, mandatory);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            if (sequence == 0) {
                throw e;
            }
            // with confirms, the publisher learns of the loss by a nack and the channel carries on
            LOG.error("publish to exchange '{}' failed; nacking it", exchange, e);
            confirms.nack(sequence, connection.writer(), channelId);
            return;
        } finally {
            scratch.routed().clear();
        }
        if (scratch.awaitsDisk()) {
            lastAwaitedToken = token;
        }
        if (queues > 0) {
            counters.increment(MessageCounters.ROUTED);
        } else if (scratch.deduplicated()) {
            // dropped as a duplicate by its exchange: not unroutable, so never returned; confirmed below
        } else if (mandatory) {
            counters.increment(MessageCounters.UNROUTABLE_RETURNED);
            connection.writer().content(channelId,
                    new BasicReturn(ReplyCode.NO_ROUTE.code(), NO_ROUTE, exchange, message.routingKey()), message);
        } else {
            counters.increment(MessageCounters.UNROUTABLE_DROPPED);
        }
        if (sequence == 0) {
            return;
        }
        if (scratch.refused()) {
            // a length limit with reject-publish refused it in some queue; its disk outcome no longer matters
            confirms.nack(sequence, connection.writer(), channelId);
        } else if (scratch.awaitsDisk()) {
            confirms.awaitDisk(sequence);
        } else if (scratch.storeFailed()) {
            confirms.nack(sequence, connection.writer(), channelId);
        } else {
            counters.increment(MessageCounters.CONFIRMED);
            confirms.ack(sequence);
        }
    }

    /**
     * A lease request: extends the leases it names; with confirms on it is acked, and when mandatory and the delivery
     * is no longer held it is first returned with 312 NO_ROUTE. Needs no permission: it touches only this channel's
     * own deliveries.
     *
     * @throws EngineException 406 when the routing key is not a delivery tag or a header has the wrong type
     */
    private void extendLeases(BasicPublish method, ByteBuf properties, ByteBuf body) {
        Message request = InboundMessage.create(method, properties, body, 0);
        int held = leaseExtensions.apply(LeaseRequest.parse(method.routingKey(), request.headers()));
        if (held == 0 && method.mandatory()) {
            connection.writer().content(channelId, new BasicReturn(ReplyCode.NO_ROUTE.code(), NO_ROUTE,
                    method.exchange(), method.routingKey()), request);
        }
        if (confirms.enabled()) {
            confirms.ack(confirms.next());
        }
    }

    /**
     * The user's permissions, as RabbitMQ checks them before routing: write access to the exchange (before it is
     * looked up), then, on a topic exchange, the routing key against the user's topic permission. Allocates nothing
     * (see {@link AccessControl}); the exchange is looked up here only when the user has topic permissions.
     */
    private void checkAccess(VirtualHost vhost, BasicPublish method) {
        AccessControl access = connection.access();
        access.checkPublish(method.exchange());
        if (access.hasTopicPermissions()) {
            access.checkTopic(Access.WRITE, vhost.findExchange(method.exchange()), method.routingKey());
        }
    }

    /** What basic.publish checks at once, before a transaction holds the message (as RabbitMQ does). */
    private static void checkExchange(VirtualHost vhost, String name) {
        Exchange exchange = vhost.findExchange(name);
        if (exchange == null) {
            throw EngineException.notFound(ResourceNames.noExchange(vhost.name(), name));
        }
        if (exchange.internal()) {
            throw EngineException.accessRefused("cannot publish to internal "
                    + ResourceNames.exchange(vhost.name(), name));
        }
    }
}
