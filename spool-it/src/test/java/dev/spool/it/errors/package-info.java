/**
 * Errors end to end: a channel error stays on its channel, a connection error on its connection, and malformed
 * input written on a raw socket gets RabbitMQ's connection.close without hurting other clients.
 */
package dev.spool.it.errors;
