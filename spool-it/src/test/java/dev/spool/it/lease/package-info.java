/**
 * Spool's consumer timeout per delivery and lease extension ({@code amq.spool.lease}), and RabbitMQ's direct reply-to
 * ({@code amq.rabbitmq.reply-to}), end to end through RabbitMQ's Java client (and pika for a second client).
 */
package dev.spool.it.lease;
