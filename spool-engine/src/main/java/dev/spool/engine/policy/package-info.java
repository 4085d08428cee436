/**
 * Where a queue's behaviour comes from. The queue-features side checks declare arguments with RabbitMQ's rules and
 * texts ({@link dev.spool.engine.policy.QueueArguments}, {@link dev.spool.engine.policy.ExchangeArguments}), validates
 * and compiles policies and operator policies ({@link dev.spool.engine.policy.CompiledPolicy}, checked by
 * {@link dev.spool.engine.policy.PolicyDefinitions}, one {@link dev.spool.engine.policy.PolicyTable} per kind and
 * virtual host that picks the policy applying to a name), and resolves all three into
 * {@link dev.spool.engine.policy.EffectiveQueueSettings}, the primitive view a queue reads on its message path.
 * {@link dev.spool.engine.VhostPolicies} holds a virtual host's two tables and applies them to its queues and
 * exchanges. Tables are thread-safe (copy on write); everything else is immutable.
 */
package dev.spool.engine.policy;
