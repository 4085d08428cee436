/**
 * Deduplication logs: the keys a deduplicating queue or exchange accepted, with their expiry, appended as they come
 * and replayed at start, so that a restart keeps the deduplication window. One small file per owner, compacted from a
 * snapshot of the window.
 */
package dev.spool.store.dedup;
