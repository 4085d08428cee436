/**
 * What makes a broker durable, on the engine's side of {@code spool-store}: the definitions journal (durable virtual
 * hosts, users, permissions, exchanges, queues and bindings as records of the store's {@code RecordLog}, written
 * before each change is made in memory and read back at start) and {@link dev.spool.engine.durable.BrokerStorage},
 * which bundles it with the opening of each virtual host's message log and the memory budget for queued messages.
 * Messages themselves are stored by the virtual host and its queues (see {@code dev.spool.engine.queue.QueueIndex}).
 */
package dev.spool.engine.durable;
