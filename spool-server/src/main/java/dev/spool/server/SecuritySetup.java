package dev.spool.server;

import dev.spool.amqp.AmqpSecurity;
import dev.spool.amqp.AmqpTls;
import dev.spool.amqp.CertificateLogin;
import dev.spool.engine.Broker;
import dev.spool.engine.limits.UserLimits;
import dev.spool.engine.limits.VhostLimits;
import dev.spool.management.ManagementTls;
import dev.spool.server.tls.ServerTls;
import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;

/**
 * Turns {@link SecurityConfig} into what the parts take at start: the engine's default limits, the TLS context
 * (loaded from the PEM files, shared by every TLS listener), the AMQP listener's security settings and the management
 * HTTPS listener's. Stateless;
 * called by the thread that starts the broker.
 */
final class SecuritySetup {
    private SecuritySetup() {
    }

    /** Sets the limits of virtual hosts and users that have none of their own. */
    static void applyDefaultLimits(Broker broker, SecurityConfig security) {
        broker.limits().setDefaults(new VhostLimits(security.vhostMaxConnections(), security.vhostMaxQueues()),
                new UserLimits(security.userMaxConnections(), security.userMaxChannels()));
    }

    /**
     * Loads the TLS context, or returns null when TLS is off.
     *
     * @throws StartupException when a PEM file cannot be read or used
     */
    static ServerTls loadTls(SecurityConfig security) {
        if (!security.tlsEnabled()) {
            return null;
        }
        try {
            return ServerTls.load(security.tlsCertFile(), security.tlsKeyFile(), security.tlsCaFile());
        } catch (IOException e) {
            throw new StartupException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The AMQP listener's TLS listener (when {@code tls} is not null) and its cap on handshakes. */
    static AmqpSecurity amqpSecurity(SecurityConfig security, ServerTls tls) {
        AmqpTls amqps = tls == null ? null : new AmqpTls(security.tlsPort(), tls.context(),
                clientAuth(security.tlsClientAuth()), certificateLogin(security));
        return new AmqpSecurity(amqps, security.maxUnauthenticatedConnections());
    }

    /**
     * The management HTTPS listener on {@code http.tls_port}, with the same context, protocol versions and client
     * certificate rule as AMQPS; null when {@code tls} is null (TLS off).
     */
    static ManagementTls managementTls(SecurityConfig security, ServerTls tls) {
        if (tls == null) {
            return null;
        }
        ManagementTls.ClientAuth clientAuth;
        switch (security.tlsClientAuth()) {
            case "request":
                clientAuth = ManagementTls.ClientAuth.REQUEST;
                break;
            case "require":
                clientAuth = ManagementTls.ClientAuth.REQUIRE;
                break;
            default:
                clientAuth = ManagementTls.ClientAuth.NONE;
        }
        return new ManagementTls(security.httpsPort(), tls.context(), ServerTls.PROTOCOLS, clientAuth);
    }

    /** {@code tls.client_auth} as Netty names it: none, request (OPTIONAL), require. */
    static ClientAuth clientAuth(String configured) {
        switch (configured) {
            case "request":
                return ClientAuth.OPTIONAL;
            case "require":
                return ClientAuth.REQUIRE;
            default:
                return ClientAuth.NONE;
        }
    }

    private static CertificateLogin certificateLogin(SecurityConfig security) {
        switch (security.certLoginFrom()) {
            case "distinguished_name":
                return CertificateLogin.DISTINGUISHED_NAME;
            case "subject_alternative_name":
                switch (security.certLoginSanType()) {
                    case "email":
                        return CertificateLogin.SAN_EMAIL;
                    case "uri":
                        return CertificateLogin.SAN_URI;
                    default:
                        return CertificateLogin.SAN_DNS;
                }
            default:
                return CertificateLogin.COMMON_NAME;
        }
    }
}
