/**
 * What the broker knows of its clients, for management: the connections front ends register
 * ({@link dev.spool.engine.client.ClientConnection}), their channels and consumers, and the message counters each
 * channel keeps ({@link dev.spool.engine.client.MessageCounters}), summed per virtual host by the
 * {@link dev.spool.engine.client.ClientRegistry}. Front ends write; management reads racily and never blocks them.
 */
package dev.spool.engine.client;
