/**
 * Message deduplication end to end: queues and exchanges declared with {@code x-message-deduplication}, keys from a
 * header or the {@code message-id} property, the window's size and TTL, confirms and returns, restarts (a
 * {@code kill -9} included), metrics, and a second client (pika).
 */
package dev.spool.it.dedup;
