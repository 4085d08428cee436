/**
 * Spool's storage: everything that must survive a restart lives in one data directory, opened through
 * {@link dev.spool.store.DataDirectory} (which locks it and checks its format). Subpackages hold the byte layouts
 * ({@code format}), the segmented message log with group commit and reclamation ({@code log}), the compacting
 * definitions log ({@code definitions}) and the small file-system primitives they share ({@code io}).
 *
 * <p>This module depends on the JDK and slf4j only: no Netty, no JSON, nothing of the broker. The engine hands it bytes
 * and gets back {@code long} positions.
 */
package dev.spool.store;
