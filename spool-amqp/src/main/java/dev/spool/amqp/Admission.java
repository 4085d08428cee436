package dev.spool.amqp;

import dev.spool.engine.EngineException;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * What one listener (plain or TLS) lets in: every connection first takes one of the handshake places shared by all
 * listeners, and gives it back once connection.open succeeded or the socket closed; a connection that finds none
 * free is closed at once. On the TLS listener it also knows the SASL mechanisms offered (EXTERNAL too when client
 * certificates are asked for) and reads the user name from the client's certificate.
 *
 * <p>Thread-safe: the shared count is atomic; each connection calls it from its own event loop.
 */
final class Admission {
    private static final String PLAIN_MECHANISMS = "PLAIN AMQPLAIN";
    private static final String WITH_EXTERNAL = "PLAIN AMQPLAIN EXTERNAL";

    private final AtomicInteger handshaking;
    private final int maxHandshaking;
    private final AmqpTls tls;

    /**
     * @param handshaking    the count shared by the server's listeners
     * @param maxHandshaking the cap, 0 for none
     * @param tls            this listener's TLS settings, or null for the plain listener
     */
    Admission(AtomicInteger handshaking, int maxHandshaking, AmqpTls tls) {
        this.handshaking = handshaking;
        this.maxHandshaking = maxHandshaking;
        this.tls = tls;
    }

    /** A plain listener without a cap (tests). */
    static Admission unlimited() {
        return new Admission(new AtomicInteger(), 0, null);
    }

    /** Takes a handshake place; false when all are taken (then nothing was taken). */
    boolean enterHandshake() {
        int now = handshaking.incrementAndGet();
        if (maxHandshaking != 0 && now > maxHandshaking) {
            handshaking.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a place taken by {@link #enterHandshake}. Once per place. */
    void leaveHandshake() {
        handshaking.decrementAndGet();
    }

    /** Connections in their handshake now, over all listeners. */
    int handshaking() {
        return handshaking.get();
    }

    /** The SASL mechanisms connection.start offers on this listener. */
    String mechanisms() {
        return tls != null && tls.asksForCertificates() ? WITH_EXTERNAL : PLAIN_MECHANISMS;
    }

    /** Whether SASL EXTERNAL is offered here. */
    boolean offersExternal() {
        return tls != null && tls.asksForCertificates();
    }

    /**
     * The user name SASL EXTERNAL logs in as, from the verified client certificate of this connection.
     *
     * @throws EngineException ACCESS_REFUSED with RabbitMQ's reason when there is no certificate or no name in it
     */
    String externalUserName(SslHandler ssl) {
        Certificate[] chain;
        try {
            chain = ssl.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            chain = new Certificate[0];
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw EngineException.accessRefused("connection peer presented no TLS (x.509) certificate");
        }
        String name = tls.login().userName(certificate);
        if (name == null || name.isEmpty()) {
            throw EngineException.accessRefused("no name found");
        }
        return name;
    }
}
