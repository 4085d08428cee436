/**
 * Publisher confirms end to end: every publish acked exactly once under concurrent publishers, and the order of
 * basic.return and basic.ack for unroutable messages.
 */
package dev.spool.it.confirm;
