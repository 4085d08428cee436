/**
 * Where a queue's behaviour comes from. {@link dev.spool.engine.policy.Policy} and
 * {@link dev.spool.engine.policy.Policies} keep policies as RabbitMQ stores them (name, pattern, apply-to, definition,
 * priority per virtual host), for the management API and definitions import/export. The queue-features side checks
 * declare arguments with RabbitMQ's rules and texts ({@link dev.spool.engine.policy.QueueArguments}), validates and
 * compiles policies and operator policies ({@link dev.spool.engine.policy.CompiledPolicy}, checked by
 * {@link dev.spool.engine.policy.PolicyDefinitions}, one {@link dev.spool.engine.policy.PolicyTable} per kind and
 * virtual host that picks the policy applying to a name), and resolves all three into
 * {@link dev.spool.engine.policy.EffectiveQueueSettings}, the primitive view a queue will read on its message path.
 * Not yet wired: stored policies are not compiled into tables, and queues do not read effective settings yet.
 * Tables are thread-safe (copy on write); everything else is immutable.
 */
package dev.spool.engine.policy;
