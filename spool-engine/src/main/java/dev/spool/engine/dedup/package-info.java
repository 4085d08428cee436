/**
 * Message deduplication, a Spool extension with LavinMQ's interface ({@code x-message-deduplication},
 * {@code x-cache-size}, {@code x-cache-ttl}, {@code x-deduplication-header} on a queue or an exchange):
 * {@link dev.spool.engine.dedup.DeduplicationSettings} reads them, {@link dev.spool.engine.dedup.DeduplicationKey}
 * turns a message into its key, and {@link dev.spool.engine.dedup.DeduplicationCache} remembers the keys seen inside
 * the window: bounded, O(1) per message, least recently seen first out, entries expiring after their TTL.
 * {@link dev.spool.engine.dedup.DeduplicationWindow} is what a queue or exchange holds (settings, cache, and for a
 * durable owner its log, so that the window survives restarts); {@link dev.spool.engine.dedup.DeduplicationLogs} is a
 * virtual host's registry of windows and of the files they are kept in.
 */
package dev.spool.engine.dedup;
