/**
 * A small, real application written against RabbitMQ's Java client ({@code com.rabbitmq:amqp-client}) that checks a
 * broker behaves as RabbitMQ does for what applications rely on every day: publish and consume with manual acks and
 * prefetch, publisher confirms and returns, topic routing, dead-lettering, and recovery after the broker restarts.
 *
 * <p>It runs as a command ({@link dev.spool.compat.amqpclient.CompatCheck}), prints one {@code PASS}, {@code SKIP} or
 * {@code FAIL} line per step and exits non-zero when any step failed. It knows nothing of Spool's code: it talks to
 * whatever broker listens on {@code COMPAT_PORT}.
 */
package dev.spool.compat.amqpclient;
