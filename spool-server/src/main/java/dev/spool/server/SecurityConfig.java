package dev.spool.server;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The security part of {@link SpoolConfig}: the AMQPS and management HTTPS listeners and their PEM files, the cap on connections in their
 * handshake, and the default limits of virtual hosts and users. Every key is documented in {@link ConfigKey}.
 *
 * <p>TLS is on when both a certificate and a key file are given (giving only one is an error). Asking clients for
 * certificates ({@code tls.client_auth} {@code request} or {@code require}) needs the CA file that signs them.
 *
 * <p>Immutable; validated on construction, so a {@code SecurityConfig} that exists is a valid one.
 *
 * @param maxUnauthenticatedConnections connections allowed in their handshake at once, 0 for no cap
 * @param tlsPort          port of the AMQPS listener
 * @param httpsPort        port of the management API over HTTPS ({@code http.tls_port})
 * @param tlsCertFile      PEM certificate chain of the server, or null
 * @param tlsKeyFile       PEM private key of the server (PKCS#8, or PKCS#1 for RSA), or null
 * @param tlsCaFile        PEM CA certificates that client certificates must chain to, or null
 * @param tlsClientAuth    {@code none}, {@code request} or {@code require}
 * @param certLoginFrom    {@code common_name}, {@code distinguished_name} or {@code subject_alternative_name}
 * @param certLoginSanType {@code dns}, {@code email} or {@code uri}: which alternative name, with
 *                         {@code subject_alternative_name}
 * @param vhostMaxConnections default max-connections of a virtual host, negative for none
 * @param vhostMaxQueues      default max-queues of a virtual host, negative for none
 * @param userMaxConnections  default max-connections of a user, negative for none
 * @param userMaxChannels     default max-channels of a user, negative for none
 */
public record SecurityConfig(
        int maxUnauthenticatedConnections,
        int tlsPort,
        int httpsPort,
        Path tlsCertFile,
        Path tlsKeyFile,
        Path tlsCaFile,
        String tlsClientAuth,
        String certLoginFrom,
        String certLoginSanType,
        int vhostMaxConnections,
        int vhostMaxQueues,
        int userMaxConnections,
        int userMaxChannels) {

    /** The values {@code tls.client_auth} accepts. */
    public static final Set<String> CLIENT_AUTH = Set.of("none", "request", "require");
    /** The values {@code tls.cert_login_from} accepts (RabbitMQ's {@code ssl_cert_login_from}). */
    public static final Set<String> CERT_LOGIN_FROM = Set.of("common_name", "distinguished_name",
            "subject_alternative_name");
    /** The values {@code tls.cert_login_san_type} accepts. */
    public static final Set<String> SAN_TYPES = Set.of("dns", "email", "uri");

    public SecurityConfig {
        range(ConfigKey.LIMITS_MAX_UNAUTHENTICATED, maxUnauthenticatedConnections, 0, 1_000_000);
        range(ConfigKey.TLS_PORT, tlsPort, 0, 65_535);
        range(ConfigKey.HTTP_TLS_PORT, httpsPort, 0, 65_535);
        tlsClientAuth = oneOf(ConfigKey.TLS_CLIENT_AUTH, tlsClientAuth, CLIENT_AUTH);
        certLoginFrom = oneOf(ConfigKey.TLS_CERT_LOGIN_FROM, certLoginFrom, CERT_LOGIN_FROM);
        certLoginSanType = oneOf(ConfigKey.TLS_CERT_LOGIN_SAN_TYPE, certLoginSanType, SAN_TYPES);
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            ConfigKey missing = tlsCertFile == null ? ConfigKey.TLS_CERT_FILE : ConfigKey.TLS_KEY_FILE;
            throw new ConfigException(missing, missing.key() + " must be set too: TLS needs both "
                    + ConfigKey.TLS_CERT_FILE.key() + " and " + ConfigKey.TLS_KEY_FILE.key());
        }
        if (tlsCertFile == null && tlsCaFile != null) {
            throw new ConfigException(ConfigKey.TLS_CA_FILE, ConfigKey.TLS_CA_FILE.key() + " is set but TLS is off: set "
                    + ConfigKey.TLS_CERT_FILE.key() + " and " + ConfigKey.TLS_KEY_FILE.key() + " too");
        }
        if (!"none".equals(tlsClientAuth) && tlsCertFile != null && tlsCaFile == null) {
            throw new ConfigException(ConfigKey.TLS_CA_FILE, ConfigKey.TLS_CLIENT_AUTH.key() + " " + tlsClientAuth
                    + " needs " + ConfigKey.TLS_CA_FILE.key() + ", the CA certificates client certificates must chain to");
        }
    }

    /** Every key at its built-in default: no TLS, no limits. */
    public static SecurityConfig defaults() {
        return SpoolConfig.defaults().security();
    }

    /** Whether the AMQPS and management HTTPS listeners are on (a certificate and a key are configured). */
    public boolean tlsEnabled() {
        return tlsCertFile != null;
    }

    /** This configuration with TLS on, from these PEM files ({@code ca} may be null), asking clients as given. */
    public SecurityConfig withTls(int port, Path cert, Path key, Path ca, String clientAuth) {
        return new SecurityConfig(maxUnauthenticatedConnections, port, httpsPort, cert, key, ca, clientAuth,
                certLoginFrom, certLoginSanType, vhostMaxConnections, vhostMaxQueues, userMaxConnections,
                userMaxChannels);
    }

    /** This configuration with another management HTTPS port; 0 picks a free one. */
    public SecurityConfig withHttpsPort(int port) {
        return new SecurityConfig(maxUnauthenticatedConnections, tlsPort, port, tlsCertFile, tlsKeyFile, tlsCaFile,
                tlsClientAuth, certLoginFrom, certLoginSanType, vhostMaxConnections, vhostMaxQueues,
                userMaxConnections, userMaxChannels);
    }

    /** This configuration taking SASL EXTERNAL user names from another part of the certificate. */
    public SecurityConfig withCertLogin(String from, String sanType) {
        return new SecurityConfig(maxUnauthenticatedConnections, tlsPort, httpsPort, tlsCertFile, tlsKeyFile,
                tlsCaFile, tlsClientAuth, from, sanType, vhostMaxConnections, vhostMaxQueues, userMaxConnections,
                userMaxChannels);
    }

    /** This configuration with another cap on connections in their handshake (0: none). */
    public SecurityConfig withMaxUnauthenticatedConnections(int max) {
        return new SecurityConfig(max, tlsPort, httpsPort, tlsCertFile, tlsKeyFile, tlsCaFile, tlsClientAuth,
                certLoginFrom, certLoginSanType, vhostMaxConnections, vhostMaxQueues, userMaxConnections,
                userMaxChannels);
    }

    /** This configuration with other default limits (negative: none). */
    public SecurityConfig withDefaultLimits(int vhostConnections, int vhostQueues, int userConnections,
                                            int userChannels) {
        return new SecurityConfig(maxUnauthenticatedConnections, tlsPort, httpsPort, tlsCertFile, tlsKeyFile,
                tlsCaFile, tlsClientAuth, certLoginFrom, certLoginSanType, vhostConnections, vhostQueues,
                userConnections, userChannels);
    }

    private static void range(ConfigKey key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key, key.key() + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static String oneOf(ConfigKey key, String value, Set<String> allowed) {
        String normalized = Objects.requireNonNull(value, key.key()).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            throw new ConfigException(key, key.key() + " must be one of " + String.join(", ", allowed.stream()
                    .sorted().toList()) + ", got '" + value + "'");
        }
        return normalized;
    }
}
