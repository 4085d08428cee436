/**
 * Resource limits, as RabbitMQ sets them with {@code rabbitmqctl set_vhost_limits} and {@code set_user_limits}:
 * per virtual host the most connections and queues, per user the most connections and channels, with defaults from
 * the configuration for virtual hosts and users that have none of their own. {@link dev.spool.engine.limits.Limits}
 * keeps them and the live counts they are checked against; front ends call it when a connection or channel opens or
 * closes and before a new queue is declared.
 */
package dev.spool.engine.limits;
