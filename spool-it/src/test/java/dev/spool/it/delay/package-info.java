/**
 * Delayed messages end to end: the {@code x-delayed-message} exchange (Java client and pika), per-queue
 * {@code x-delay}, retry with back-off, and what of them survives {@code kill -9}.
 */
package dev.spool.it.delay;
