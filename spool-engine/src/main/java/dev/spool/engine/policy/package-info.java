/**
 * Where a queue's behaviour comes from: its declare arguments, checked with RabbitMQ's rules and texts by
 * {@link dev.spool.engine.policy.QueueArguments}; RabbitMQ-style policies and operator policies
 * ({@link dev.spool.engine.policy.Policy}, validated by {@link dev.spool.engine.policy.PolicyDefinitions}, one
 * {@link dev.spool.engine.policy.PolicyTable} per kind and virtual host that picks the policy applying to a name);
 * and the resolution of all three into {@link dev.spool.engine.policy.EffectiveQueueSettings}, the primitive view the
 * queue reads on its message path. Tables are thread-safe (copy on write); everything else is immutable.
 */
package dev.spool.engine.policy;
