/**
 * Connections end to end: handshake and server properties, authentication and vhosts, tune negotiation, channel
 * limits, heartbeats, losing a connection abruptly, and the broker shutting down.
 */
package dev.spool.it.connection;
