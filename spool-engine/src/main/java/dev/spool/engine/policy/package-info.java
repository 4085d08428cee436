/**
 * Policies as RabbitMQ stores them (name, pattern, apply-to, definition, priority per virtual host). Stored, listed,
 * exported and imported; applying their keys to queues and exchanges belongs to the features they configure (TTL,
 * length limits, dead-lettering) and comes with those.
 */
package dev.spool.engine.policy;
