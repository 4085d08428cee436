/**
 * Dead-lettering as RabbitMQ does it, as pure functions the queue calls when a message dies: why it died
 * ({@link dev.spool.engine.deadletter.DeathReason}), the death history a message carries
 * ({@link dev.spool.engine.deadletter.DeathHistory}: the {@code x-death} entries with RabbitMQ 4's merge rules,
 * {@code x-first-death-*} and {@code x-last-death-*}, and cycle detection), where it is republished
 * ({@link dev.spool.engine.deadletter.DeadLetters#prepare}) and when a delivery limit sends it there
 * ({@link dev.spool.engine.deadletter.DeliveryLimit}). Nothing here holds state or locks; the header values produced
 * are plain Java ({@code String}, {@code Long}, {@code Instant}, {@code List}, {@code Map}) for the front end to
 * encode.
 */
package dev.spool.engine.deadletter;
