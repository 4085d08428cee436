/**
 * The management front end: one HTTP listener ({@link dev.spool.management.ManagementServer}) serving RabbitMQ's
 * management API under {@code /api} and Prometheus metrics under {@code /metrics}. It drives the engine's public API
 * only, never the AMQP classes.
 */
package dev.spool.management;
