/**
 * End-to-end tests of the queue features RabbitMQ clients rely on: message TTL, queue expiry, length limits and
 * overflow, dead-lettering with its headers, and the delivery limit, driven through RabbitMQ's Java client against a
 * broker on a test clock.
 */
package dev.spool.it.features;
