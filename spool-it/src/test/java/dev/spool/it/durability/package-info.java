/**
 * Durability end to end: brokers in their own JVM killed with SIGKILL at random moments and restarted on the same
 * data directory, restarts that keep definitions, a long backlog in a small heap, and the disk alarm.
 */
package dev.spool.it.durability;
