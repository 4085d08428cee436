/**
 * The message log: append-only segment files shared by all queues of a log, a per-segment settlement (ack) file, group
 * commit (one fsync thread per log acknowledging every record written before each fsync), recovery after a crash, and
 * reclamation of segments whose every message is settled. A message is named by its {@code long} position; a queue
 * keeps only that (plus a few bytes of flags) in memory and reads the record back on delivery.
 */
package dev.spool.store.log;
