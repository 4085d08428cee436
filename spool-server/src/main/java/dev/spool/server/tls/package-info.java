/**
 * TLS from PEM files, for every listener that speaks it (AMQPS, and the management API over HTTPS): reading
 * certificates and keys ({@link dev.spool.server.tls.PemFiles}), and one JDK {@link javax.net.ssl.SSLContext} whose
 * key and trust material can be reloaded in place on SIGHUP ({@link dev.spool.server.tls.ServerTls}), so that new
 * connections get the new certificate while open ones carry on.
 */
package dev.spool.server.tls;
