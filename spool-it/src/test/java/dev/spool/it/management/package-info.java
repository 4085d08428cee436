/**
 * The management HTTP API and Prometheus metrics end to end: RabbitMQ's paths and JSON through a plain HTTP client and
 * through RabbitMQ's own Java management client, access rules, definitions round trips, and the counters and rates
 * that AMQP traffic produces.
 */
package dev.spool.it.management;
