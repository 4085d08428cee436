package dev.spool.amqp;

import io.netty.handler.ssl.ClientAuth;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The AMQPS listener's settings: its port and TLS context, whether clients must (or may) present a certificate, and
 * where SASL EXTERNAL finds the user name in it. Only TLS 1.3 and 1.2 are enabled. The context is shared and may be
 * reloaded in place by its owner (new handshakes then use the new key and certificates). Immutable.
 *
 * @param port       the port to bind (5671 by default; 0 picks a free one)
 * @param context    the server's TLS context, with its key and the CAs trusted for client certificates
 * @param clientAuth NONE, OPTIONAL (a certificate is verified when presented) or REQUIRE (mutual TLS)
 * @param login      where SASL EXTERNAL takes the user name from; EXTERNAL is offered when client certificates are
 *                   asked for
 */
public record AmqpTls(int port, SSLContext context, ClientAuth clientAuth, CertificateLogin login) {
    /** The protocol versions enabled, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public AmqpTls {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(login, "login");
    }

    /** Whether clients are asked for a certificate, so that SASL EXTERNAL can work. */
    boolean asksForCertificates() {
        return clientAuth != ClientAuth.NONE;
    }
}
