/**
 * File-system primitives shared by the logs: opening channels through one seam (so tests can inject write and fsync
 * failures without a mocking library), writing and validating file headers, CRC32C over buffer regions, and the
 * durable-rename dance (write temp, fsync, rename, fsync directory).
 */
package dev.spool.store.io;
