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
import dev.spool.engine.queue.QueueSettings;
import java.util.Map;

/**
 * The exchange and queue classes' methods of one channel, passed on to the virtual host, which applies RabbitMQ's
 * rules. What is AMQP's alone stays here: the replies (none with no-wait) and the channel's "most recently declared
 * queue", which an empty queue name (and an empty routing key in queue.bind and queue.unbind) stands for.
 *
 * <p>Confined to the connection's event loop.
 */
final class DefinitionMethods {
    private final OpenConnection connection;
    private String lastDeclaredQueue = "";

    DefinitionMethods(OpenConnection connection) {
        this.connection = connection;
    }

    AmqpMethod exchangeDeclare(ExchangeDeclare m) {
        vhost().declareExchange(m.exchange(), m.type(), m.passive(), m.durable(), m.autoDelete(), m.internal(),
                arguments(m.arguments()));
        return m.noWait() ? null : new ExchangeDeclareOk();
    }

    AmqpMethod exchangeDelete(ExchangeDelete m) {
        vhost().deleteExchange(m.exchange(), m.ifUnused());
        return m.noWait() ? null : new ExchangeDeleteOk();
    }

    AmqpMethod exchangeBind(ExchangeBind m) {
        vhost().bindExchange(m.destination(), m.source(), m.routingKey(), arguments(m.arguments()));
        return m.noWait() ? null : new ExchangeBindOk();
    }

    AmqpMethod exchangeUnbind(ExchangeUnbind m) {
        vhost().unbindExchange(m.destination(), m.source(), m.routingKey(), arguments(m.arguments()));
        return m.noWait() ? null : new ExchangeUnbindOk();
    }

    AmqpMethod queueDeclare(QueueDeclare m) {
        QueueSettings settings = new QueueSettings(m.durable(), m.exclusive(), m.autoDelete(),
                arguments(m.arguments()));
        QueueDeclareResult result = vhost().declareQueue(m.queue(), m.passive(), settings, connection.owner());
        lastDeclaredQueue = result.queue();
        return m.noWait() ? null : new QueueDeclareOk(result.queue(), result.messageCount(), result.consumerCount());
    }

    AmqpMethod queueBind(QueueBind m) {
        String queue = queueName(m.queue());
        String routingKey = m.queue().isEmpty() && m.routingKey().isEmpty() ? queue : m.routingKey();
        vhost().bindQueue(queue, m.exchange(), routingKey, arguments(m.arguments()), connection.owner());
        return m.noWait() ? null : new QueueBindOk();
    }

    AmqpMethod queueUnbind(QueueUnbind m) {
        String queue = queueName(m.queue());
        String routingKey = m.queue().isEmpty() && m.routingKey().isEmpty() ? queue : m.routingKey();
        vhost().unbindQueue(queue, m.exchange(), routingKey, arguments(m.arguments()), connection.owner());
        return new QueueUnbindOk();
    }

    AmqpMethod queuePurge(QueuePurge m) {
        int purged = vhost().purgeQueue(queueName(m.queue()), connection.owner());
        return m.noWait() ? null : new QueuePurgeOk(purged);
    }

    AmqpMethod queueDelete(QueueDelete m) {
        int deleted = vhost().deleteQueue(queueName(m.queue()), m.ifUnused(), m.ifEmpty(), connection.owner());
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

    private VirtualHost vhost() {
        return connection.vhost();
    }

    private static Map<String, Object> arguments(FieldTable table) {
        return table == null ? Map.of() : table.asMap();
    }
}
