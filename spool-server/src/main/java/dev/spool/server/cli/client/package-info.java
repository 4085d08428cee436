/**
 * The {@code spool} commands that manage a running broker through its management HTTP API ({@code spool queues list},
 * {@code spool queue purge}, {@code spool publish}, {@code spool status}, ...): one small class per command family,
 * an {@link dev.spool.server.cli.client.ApiClient} over {@code java.net.http} and Jackson, and the table and unit
 * formatting people read. Nothing here loads the broker (Netty, the engine), so a client command starts quickly, and it
 * could talk to any RabbitMQ-compatible management API.
 */
package dev.spool.server.cli.client;
