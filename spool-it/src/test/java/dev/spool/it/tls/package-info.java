/** AMQPS: TLS with a test CA made at test time, mutual TLS with SASL EXTERNAL, certificate reload. */
package dev.spool.it.tls;
