/**
 * Retry with back-off, a Spool extension: {@link dev.spool.engine.retry.RetryDelays} is the parsed
 * {@code x-retry-delays} queue argument (or {@code retry-delays} policy key) and the rule that picks the next delay,
 * with jitter, for a message rejected without requeue. The queue re-enqueues the message through its delay schedule
 * ({@link dev.spool.engine.delay.DelaySchedule}) until the list or the delivery limit runs out, then dead-letters it.
 */
package dev.spool.engine.retry;
