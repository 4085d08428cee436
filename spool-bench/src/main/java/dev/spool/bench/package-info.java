/**
 * JMH micro-benchmarks of the message path. Run them from the reactor build's classes, e.g.
 * {@code java -cp "spool-bench/target/classes:$(deps)" org.openjdk.jmh.Main QueueRoundTrip -prof gc}.
 */
package dev.spool.bench;
