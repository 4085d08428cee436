/**
 * Delayed messages, a Spool extension: the {@code x-delayed-message} exchange type with the
 * rabbitmq-delayed-message-exchange plugin's interface ({@link dev.spool.engine.delay.DelayedExchangeArguments},
 * {@link dev.spool.engine.delay.DelayHeader}), per-queue {@code x-delay}, and the retry back-off, all served by one
 * structure: {@link dev.spool.engine.delay.DelaySchedule}, an index of (due time, id) that keeps a bounded number of
 * the earliest entries in memory and re-reads the rest from the store as it drains, so any number of delays, of any
 * length, leave in order and survive restarts. {@link dev.spool.engine.delay.DelayedMessages} is what one delayed
 * exchange holds (positions and due times in {@link dev.spool.engine.delay.DueTimes}, bodies in the message log);
 * the queue's side (per-queue delay and retries) is {@code queue.QueueDelays}.
 */
package dev.spool.engine.delay;
