/**
 * Exchanges end to end: declaring and deleting each type with its flags, the errors RabbitMQ gives for
 * inequivalent redeclares and reserved names, and bindings whose source is an exchange.
 */
package dev.spool.it.exchange;
