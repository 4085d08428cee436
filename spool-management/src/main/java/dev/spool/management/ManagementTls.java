package dev.spool.management;

import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The management HTTPS listener's settings: its port, the server's TLS context, the protocol versions to enable and
 * whether clients must (or may) present a certificate. The context belongs to its owner, who may swap its key and
 * trust material in place (a certificate reload); new handshakes then use the new material and this listener notices
 * nothing. Immutable.
 *
 * @param port       the port to bind (15671 by default; 0 picks a free one)
 * @param context    the server's TLS context, with its key and the CAs trusted for client certificates
 * @param protocols  the protocol versions enabled, e.g. {@code TLSv1.3, TLSv1.2}; no others are spoken
 * @param clientAuth whether a client certificate is asked for
 */
public record ManagementTls(int port, SSLContext context, List<String> protocols, ClientAuth clientAuth) {

    /** Whether the TLS handshake asks the client for a certificate. */
    public enum ClientAuth {
        /** No certificate is asked for. */
        NONE,
        /** A certificate is asked for and verified when sent; a client without one is served too. */
        REQUEST,
        /** Mutual TLS: a client without a certificate from a trusted CA cannot finish the handshake. */
        REQUIRE
    }

    public ManagementTls {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(context, "context");
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol version enabled");
        }
        Objects.requireNonNull(clientAuth, "clientAuth");
    }
}
