/**
 * Primitive time-ordered indexes shared by the queue features that act when a moment passes: message expiry, consumer
 * (visibility) timeouts and retry schedules. {@link dev.spool.engine.deadline.DeadlineIndex} answers "which id is
 * due first, and is anything due at {@code now}" in O(1) and removes or reschedules any id in O(log n), without a
 * node object per entry; {@link dev.spool.engine.deadline.LongIntMap} is the boxing-free id-to-slot map behind it.
 * Neither is thread-safe: each is owned by one queue's lock or one channel's event loop.
 */
package dev.spool.engine.deadline;
