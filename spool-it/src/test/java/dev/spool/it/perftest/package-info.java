/**
 * RabbitMQ's PerfTest against the broker, with a frame-counting relay in between so the run can prove that no
 * message was lost or duplicated.
 */
package dev.spool.it.perftest;
