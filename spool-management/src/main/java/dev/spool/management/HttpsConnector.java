package dev.spool.management;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds the Jetty connector of the management HTTPS listener from {@link ManagementTls}: TLS from the broker's own
 * {@link javax.net.ssl.SSLContext} (Jetty loads no key store of its own, so a reload of that context's material
 * reaches HTTPS without Jetty knowing), only the protocol versions given, client certificates asked for as
 * configured, then HTTP/1.1 with the same settings as the plain listener.
 *
 * <p>Jetty's SNI host check is off: it relies on certificate details Jetty records only when it loads a key store of
 * its own, which it does not here; the client's hostname verification against the certificate is what protects it. Stateless; called while the server is being configured, on the thread that starts it.
 */
final class HttpsConnector {
    private HttpsConnector() {
    }

    static ServerConnector create(Server server, HttpConfiguration plain, String host, ManagementTls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.context());
        ssl.setIncludeProtocols(tls.protocols().toArray(new String[0]));
        ssl.setNeedClientAuth(tls.clientAuth() == ManagementTls.ClientAuth.REQUIRE);
        ssl.setWantClientAuth(tls.clientAuth() == ManagementTls.ClientAuth.REQUEST);

        HttpConfiguration https = new HttpConfiguration(plain);
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(tls.port());
        return connector;
    }
}
