/**
 * The {@code spool} client commands end to end: the real command line run in-process (and once as its own JVM)
 * against a running broker's management API, with their tables, JSON and exit statuses.
 */
package dev.spool.it.cli;
