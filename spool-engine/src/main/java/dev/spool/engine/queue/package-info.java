/**
 * Queues behind one narrow contract ({@link dev.spool.engine.queue.Queue}) and the consumers that subscribe to them
 * ({@link dev.spool.engine.queue.Consumer}, implemented by front ends). {@link dev.spool.engine.queue.ClassicQueue} is
 * the classic queue: FIFO with requeue to the original position, priority and round-robin dispatch within consumer
 * credit, each queue's state owned by its own lock, and a per-message index kept to primitives. Its RabbitMQ
 * features (message TTL, length limits, dead-lettering, delivery limit, queue expiry) are wired in by
 * {@link dev.spool.engine.queue.QueueFeatures} and its parts, each costing nothing to a queue that does not use it; what
 * a queue needs from its virtual host is {@link dev.spool.engine.queue.QueueHost}.
 */
package dev.spool.engine.queue;
