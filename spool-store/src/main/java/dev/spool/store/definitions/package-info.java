/**
 * The definitions log: durable vhosts, users, permissions, exchanges, queues and bindings as opaque typed key/value
 * records, appended and fsynced one by one, and compacted by rewriting the live set into a new file that atomically
 * replaces the old one. Definitions change rarely and are few, so this log favours simplicity over throughput.
 */
package dev.spool.store.definitions;
