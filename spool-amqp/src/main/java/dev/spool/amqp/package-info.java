/**
 * The AMQP 0-9-1 server, speaking the protocol as RabbitMQ does so that RabbitMQ's clients work unchanged.
 *
 * <p>{@link dev.spool.amqp.AmqpServer} binds the port; each connection is a Netty pipeline of the codec's frame
 * decoder and a {@code ConnectionHandler} (handshake, channel table, closing), whose channels
 * ({@code AmqpChannel}) reassemble publishes, route them through the engine's virtual host, and deliver messages
 * from queues through a per-connection outbox on the connection's event loop. {@code ErrorMapper} is the one place
 * that turns engine conditions and protocol violations into channel.close and connection.close.
 *
 * <p>Threading: everything of a connection runs on its event loop; only the consumer side the engine's queues call
 * ({@code ConsumerState}, {@code ChannelCredit}, {@code DeliveryOutbox}) is thread-safe.
 */
package dev.spool.amqp;
