/**
 * Queues end to end: declaration (server-named, counts, equivalence, exclusivity) and what happens to a queue
 * afterwards (auto-delete, bindings, purge, delete conditions, consumers cancelled by the broker).
 */
package dev.spool.it.queue;
