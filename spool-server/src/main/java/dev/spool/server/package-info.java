/**
 * Wiring and lifecycle of one broker: {@link dev.spool.server.SpoolConfig} is the one configuration record (its keys
 * and defaults listed in {@link dev.spool.server.ConfigKey}, its sources merged by
 * {@link dev.spool.server.ConfigLoader}), and {@link dev.spool.server.SpoolServer} starts store, engine, AMQP and
 * management from it and stops them in reverse.
 */
package dev.spool.server;
