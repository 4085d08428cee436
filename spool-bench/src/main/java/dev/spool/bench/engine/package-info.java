/**
 * JMH benchmarks of the engine's share of the hot path: routing a published message through an exchange's binding
 * table, and a classic queue taking it in, handing it to a consumer and settling it.
 *
 * <p>Virtual hosts, exchanges, queues and messages are built in {@code @Setup} methods; the measured methods call only
 * what a channel calls per message. JMH runs each benchmark on its own thread: every {@code @State} here is
 * {@code Scope.Thread} and owned by that thread, so the locks the engine takes are never contended (contention is
 * what the end-to-end PerfTest runs show).
 */
package dev.spool.bench.engine;
