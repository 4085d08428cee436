package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.ExchangeBind;
import dev.spool.codec.method.ExchangeBindOk;
import dev.spool.codec.method.ExchangeDeclare;
import dev.spool.codec.method.ExchangeDeclareOk;
import dev.spool.codec.method.ExchangeDelete;
import dev.spool.codec.method.ExchangeDeleteOk;
import dev.spool.codec.method.ExchangeUnbind;
import dev.spool.codec.method.ExchangeUnbindOk;
import dev.spool.codec.method.QueueBind;
import dev.spool.codec.method.QueueBindOk;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.codec.method.QueueDelete;
import dev.spool.codec.method.QueueDeleteOk;
import dev.spool.codec.method.QueuePurge;
import dev.spool.codec.method.QueuePurgeOk;
import dev.spool.codec.method.QueueUnbind;
import dev.spool.codec.method.QueueUnbindOk;
import dev.spool.engine.QueueDeclareResult;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.Access;
import dev.spool.engine.auth.AccessControl;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.policy.ExchangeArguments;
import dev.spool.engine.queue.QueueSettings;
import java.util.Map;

/**
 * The exchange and queue classes' methods of one channel, passed on to the virtual host, which applies RabbitMQ's
 * rules. What is AMQP's alone stays here: the replies (none with no-wait) and the channel's "most recently declared
 * queue", which an empty queue name (and an empty routing key in queue.bind and queue.unbind) stands for. Before the
 * virtual host acts, the user's permissions are checked ({@link AccessControl}, in RabbitMQ's order: after the checks
 * of names and types that need no permission, before any lookup), and a new queue is checked against the virtual
 * host's queue limit.
 *
 * <p>Confined to the connection's event loop.
 */
final class DefinitionMethods {
    private static final String RESERVED_PREFIX = "amq.";
    private static final String ALTERNATE_EXCHANGE = "alternate-exchange";
    private static final String DEAD_LETTER_EXCHANGE = "x-dead-letter-exchange";
    /** The form of a server-named queue's name ({@code amq.gen-} and 22 url-safe base64 characters). */
    private static final String SERVER_NAMED_FORM = "amq.gen-AAAAAAAAAAAAAAAAAAAAAA";

    private final OpenConnection connection;
    private final DirectReplyConsumer replies;
    private String lastDeclaredQueue = "";

    DefinitionMethods(OpenConnection connection, DirectReplyConsumer replies) {
        this.connection = connection;
        this.replies = replies;
    }

    AmqpMethod exchangeDeclare(ExchangeDeclare m) {
        if (!m.passive() && Exchange.isDeclarableType(m.type()) && !m.exchange().isEmpty()) {
            access().checkExchange(Access.CONFIGURE, m.exchange());
            Object alternate = m.arguments() == null ? null : m.arguments().get(ALTERNATE_EXCHANGE);
            if (alternate != null && vhost().findExchange(m.exchange()) == null) {
                ExchangeArguments.checkDeclare(vhost().name(), m.exchange(), arguments(m.arguments()));
                access().checkExchange(Access.READ, m.exchange());
                access().checkExchange(Access.WRITE, alternate.toString());
            }
        }
        vhost().declareExchange(m.exchange(), m.type(), m.passive(), m.durable(), m.autoDelete(), m.internal(),
                arguments(m.arguments()));
        return m.noWait() ? null : new ExchangeDeclareOk();
    }

    AmqpMethod exchangeDelete(ExchangeDelete m) {
        if (!m.exchange().isEmpty() && !m.exchange().startsWith(RESERVED_PREFIX)) {
            access().checkExchange(Access.CONFIGURE, m.exchange());
        }
        vhost().deleteExchange(m.exchange(), m.ifUnused());
        return m.noWait() ? null : new ExchangeDeleteOk();
    }

    AmqpMethod exchangeBind(ExchangeBind m) {
        checkBinding(false, m.destination(), m.source(), m.routingKey());
        vhost().bindExchange(m.destination(), m.source(), m.routingKey(), arguments(m.arguments()));
        return m.noWait() ? null : new ExchangeBindOk();
    }

    AmqpMethod exchangeUnbind(ExchangeUnbind m) {
        checkBinding(false, m.destination(), m.source(), m.routingKey());
        vhost().unbindExchange(m.destination(), m.source(), m.routingKey(), arguments(m.arguments()));
        return m.noWait() ? null : new ExchangeUnbindOk();
    }

    AmqpMethod queueDeclare(QueueDeclare m) {
        if (DirectReplyConsumer.isReplyName(m.queue())) {
            AmqpMethod ok = replies.declare(m); // the pseudo-queue or a reply name: nothing is declared
            lastDeclaredQueue = m.queue();
            return ok;
        }
        QueueSettings settings = new QueueSettings(m.durable(), m.exclusive(), m.autoDelete(),
                arguments(m.arguments()));
        if (!m.passive() && !m.queue().startsWith(RESERVED_PREFIX)) {
            checkNewQueue(m);
        }
        QueueDeclareResult result = vhost().declareQueue(m.queue(), m.passive(), settings, connection.owner());
        lastDeclaredQueue = result.queue();
        return m.noWait() ? null : new QueueDeclareOk(result.queue(), result.messageCount(), result.consumerCount());
    }

    AmqpMethod queueBind(QueueBind m) {
        String queue = queueName(m.queue());
        String routingKey = m.queue().isEmpty() && m.routingKey().isEmpty() ? queue : m.routingKey();
        checkBinding(true, queue, m.exchange(), routingKey);
        vhost().bindQueue(queue, m.exchange(), routingKey, arguments(m.arguments()), connection.owner());
        return m.noWait() ? null : new QueueBindOk();
    }

    AmqpMethod queueUnbind(QueueUnbind m) {
        String queue = queueName(m.queue());
        String routingKey = m.queue().isEmpty() && m.routingKey().isEmpty() ? queue : m.routingKey();
        checkBinding(true, queue, m.exchange(), routingKey);
        vhost().unbindQueue(queue, m.exchange(), routingKey, arguments(m.arguments()), connection.owner());
        return new QueueUnbindOk();
    }

    AmqpMethod queuePurge(QueuePurge m) {
        String queue = queueName(m.queue());
        access().checkQueue(Access.READ, queue);
        int purged = vhost().purgeQueue(queue, connection.owner());
        return m.noWait() ? null : new QueuePurgeOk(purged);
    }

    AmqpMethod queueDelete(QueueDelete m) {
        String queue = queueName(m.queue());
        access().checkQueue(Access.CONFIGURE, queue);
        int deleted = vhost().deleteQueue(queue, m.ifUnused(), m.ifEmpty(), connection.owner());
        return m.noWait() ? null : new QueueDeleteOk(deleted);
    }

    /**
     * The queue an empty name stands for: the one this channel declared last (RabbitMQ's shortcut).
     *
     * @throws AmqpError 404 "no previously declared queue" when the channel declared none
     */
    String queueName(String name) {
        if (!name.isEmpty()) {
            return name;
        }
        if (lastDeclaredQueue.isEmpty()) {
            throw AmqpError.notFound("no previously declared queue");
        }
        return lastDeclaredQueue;
    }

    /**
     * What a non-passive queue.declare needs before the virtual host acts, as RabbitMQ's channel asks it: configure
     * access to the queue; then, for a queue that does not exist yet, room under the virtual host's queue limit and,
     * with a dead-letter exchange, read access to the queue and write access to that exchange. A server-named queue
     * is checked under a name of the form the virtual host will give it (drawn at random, so only its form counts).
     */
    private void checkNewQueue(QueueDeclare m) {
        String name = m.queue().isEmpty() ? SERVER_NAMED_FORM : m.queue();
        access().checkQueue(Access.CONFIGURE, name);
        if (!m.queue().isEmpty() && vhost().findQueue(name) != null) {
            return;
        }
        connection.limits().checkNewQueue(vhost().name(), vhost().queues().size(), m.queue());
        Object deadLetterExchange = m.arguments() == null ? null : m.arguments().get(DEAD_LETTER_EXCHANGE);
        if (deadLetterExchange != null) {
            access().checkQueue(Access.READ, name);
            access().checkExchange(Access.WRITE, deadLetterExchange.toString());
        }
    }

    /**
     * A binding's permissions (RabbitMQ's {@code binding_action}): write on the destination, read on the source, then
     * the topic read check of the binding key if the source is a topic exchange. The default exchange as source is
     * left to the virtual host, which refuses it.
     */
    private void checkBinding(boolean toQueue, String destination, String source, String routingKey) {
        if (toQueue) {
            access().checkQueue(Access.WRITE, destination);
        } else {
            access().checkExchange(Access.WRITE, destination);
        }
        if (source.isEmpty() || (!toQueue && destination.isEmpty())) {
            return;
        }
        access().checkExchange(Access.READ, source);
        access().checkTopic(Access.READ, vhost().findExchange(source), routingKey);
    }

    private VirtualHost vhost() {
        return connection.vhost();
    }

    private AccessControl access() {
        return connection.access();
    }

    private static Map<String, Object> arguments(FieldTable table) {
        return table == null ? Map.of() : table.asMap();
    }
}
