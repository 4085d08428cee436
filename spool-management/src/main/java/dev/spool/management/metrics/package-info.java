/**
 * Prometheus metrics with the names of RabbitMQ's {@code rabbitmq_prometheus} plugin: {@code /metrics} aggregated
 * (flat cost: the sampler's totals and the channel counters, never a walk over the queues) and
 * {@code /metrics/per-object} (one line per queue and metric, read from volatile counts without locks). The text
 * format is written directly: each scrape reads the engine's counters where they already live instead of mirroring
 * them into a meter registry that would need registering and unregistering a gauge per queue.
 */
package dev.spool.management.metrics;
