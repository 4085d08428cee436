package dev.spool.it.tls;

import com.rabbitmq.client.SocketConfigurator;
import com.rabbitmq.client.SocketConfigurators;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * Keeps the TLS socket a client connection uses, to look at the session it negotiated: the protocol version and the
 * server certificate presented. Install with {@code factory.setSocketConfigurator(sockets)} before connecting.
 *
 * <p>The client library calls {@link #configure} on the connecting thread; the test thread reads the session after
 * the connection is open.
 */
final class TlsSockets implements SocketConfigurator {
    private volatile SSLSocket socket;

    @Override
    public void configure(Socket created) throws IOException {
        SocketConfigurators.defaultConfigurator().configure(created);
        this.socket = (SSLSocket) created;
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    BigInteger serverCertificateSerial() throws SSLPeerUnverifiedException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
}
