/**
 * The basic class end to end: messages round-tripped with every property and field type, basic.get, settlement
 * (ack, nack, reject, recover), consumers (tags, exclusivity, priorities), prefetch, and channel.flow.
 */
package dev.spool.it.basic;
