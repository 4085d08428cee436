/**
 * Redrive: moving the ready messages of one queue (typically a dead-letter queue) back to the queues they came from, or
 * to one named target, at a bounded rate, on the virtual host's timers. A moved message leaves its source only once
 * its target holds it.
 */
package dev.spool.engine.redrive;
