/**
 * Time-to-live, RabbitMQ-compatible and prompt: {@link dev.spool.engine.expiry.MessageExpiration} parses the
 * {@code expiration} property with RabbitMQ's rules and texts and combines it with {@code x-message-ttl} (the lower
 * wins); {@link dev.spool.engine.expiry.ExpiryIndex} finds expired messages wherever they sit in a queue, not only at
 * its head; {@link dev.spool.engine.expiry.QueueExpiry} is {@code x-expires}, the deadline of an unused queue. Not
 * thread-safe: each instance is owned by one queue, under its lock.
 */
package dev.spool.engine.expiry;
