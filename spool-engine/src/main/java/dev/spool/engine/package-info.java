/**
 * The broker's core, free of any wire protocol: {@link dev.spool.engine.Broker} (virtual hosts and users),
 * {@link dev.spool.engine.VirtualHost} (exchanges, queues, bindings and RabbitMQ's rules for them) and the named
 * failures ({@link dev.spool.engine.ErrorCondition}, {@link dev.spool.engine.EngineException}) that front ends map to
 * their own replies. Front ends (AMQP, management) drive the engine only through these classes.
 */
package dev.spool.engine;
