/**
 * The signup story: an HTTP endpoint saves a user and enqueues {@code send_welcome_email} (persistent, confirmed by
 * the broker before the endpoint answers), and a pool of workers sends the emails, retrying failures with backoff
 * and moving addresses that keep failing to a dead-letter queue.
 *
 * <p>{@link dev.spool.examples.signup.SignupExample} is the entry point; {@link dev.spool.examples.signup.Topology}
 * names every exchange and queue; {@link dev.spool.examples.signup.DeadLettering} is the one place that decides how a
 * message that ran out of retries reaches the dead-letter queue (by the worker today, by the broker once
 * {@code x-dead-letter-exchange} is acted on).
 */
package dev.spool.examples.signup;
