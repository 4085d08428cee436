package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.BasicReturn;
import dev.spool.engine.EngineException;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.auth.Access;
import dev.spool.engine.auth.AccessControl;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.exchange.RoutedQueues;
import dev.spool.engine.message.Message;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * basic.publish for one channel, once its content is assembled: builds the engine message, routes and enqueues it
 * through the virtual host (reusing one {@link RoutedQueues} scratch), sends basic.return 312 NO_ROUTE for an
 * unroutable mandatory message before its confirm, and confirms it when the channel is in confirm mode. On a
 * transactional channel the message is held until tx.commit.
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
    private final RoutedQueues routed = new RoutedQueues();
    private final MessageCounters counters;

    Publisher(int channelId, OpenConnection connection, Confirms confirms, MessageCounters counters) {
        this.channelId = channelId;
        this.counters = counters;
        this.connection = connection;
        this.confirms = confirms;
    }

    /** An assembled basic.publish. Does not release the buffers. */
    void publish(BasicPublish method, ByteBuf properties, ByteBuf body, Transaction tx) {
        if (method.immediate()) {
            throw AmqpError.notImplemented("immediate=true");
        }
        VirtualHost vhost = connection.vhost();
        checkAccess(vhost, method);
        Message message = InboundMessage.create(method, properties, body, vhost.clock().millis());
        if (tx != null) {
            checkExchange(vhost, method.exchange());
            tx.hold(method.exchange(), message, method.mandatory());
            return;
        }
        long sequence = confirms.enabled() ? confirms.next() : 0;
        route(method.exchange(), message, method.mandatory(), sequence);
    }

    /** tx.commit: routes the held publishes in order. */
    void commit(Transaction tx) {
        for (Transaction.HeldPublish held : tx.publishes()) {
            route(held.exchange(), held.message(), held.mandatory(), 0);
        }
        tx.clear();
    }

    private void route(String exchange, Message message, boolean mandatory, long sequence) {
        int queues;
        counters.increment(MessageCounters.RECEIVED);
        if (sequence != 0) {
            counters.increment(MessageCounters.RECEIVED_CONFIRM);
        }
        try {
            queues = connection.vhost().publish(exchange, message, routed);
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
            routed.clear();
        }
        if (queues > 0) {
            counters.increment(MessageCounters.ROUTED);
        } else if (mandatory) {
            counters.increment(MessageCounters.UNROUTABLE_RETURNED);
            connection.writer().content(channelId,
                    new BasicReturn(ReplyCode.NO_ROUTE.code(), NO_ROUTE, exchange, message.routingKey()), message);
        } else {
            counters.increment(MessageCounters.UNROUTABLE_DROPPED);
        }
        if (sequence != 0) {
            counters.increment(MessageCounters.CONFIRMED);
            confirms.ack(sequence);
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
