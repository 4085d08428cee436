/** Transactions end to end: commit, rollback, acks inside a transaction, and the tx/confirm mode exclusion. */
package dev.spool.it.tx;
