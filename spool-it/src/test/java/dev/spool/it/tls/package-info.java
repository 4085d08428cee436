/**
 * AMQPS and the management API over HTTPS: TLS with a test CA made at test time, mutual TLS (with SASL EXTERNAL for
 * AMQP), certificate reload.
 */
package dev.spool.it.tls;
