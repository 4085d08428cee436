/**
 * Routing end to end: what each exchange type matches, sender-selected distribution (CC/BCC), mandatory returns,
 * and messages crossing chains of exchanges.
 */
package dev.spool.it.routing;
