/** Access control end to end: permissions, topic permissions, virtual host isolation, limits, handshake defences. */
package dev.spool.it.security;
