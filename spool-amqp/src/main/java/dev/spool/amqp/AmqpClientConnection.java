package dev.spool.amqp;

import dev.spool.engine.client.ClientConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One open AMQP connection as the engine's {@link dev.spool.engine.client.ClientRegistry} lists it for management:
 * the facts fixed at connection.open, and a way to close it. Immutable; {@link #close} hops onto the connection's
 * event loop through the handler.
 */
final class AmqpClientConnection implements ClientConnection {
    private final String name;
    private final String user;
    private final String vhost;
    private final InetSocketAddress peer;
    private final InetSocketAddress local;
    private final Map<String, Object> clientProperties;
    private final long connectedAtMillis;
    private final Tuning tuning;
    private final Consumer<String> closer;

    /**
     * @param closer called with the operator's reason from any thread; sends connection.close 320 on the loop
     */
    AmqpClientConnection(String user, String vhost, SocketAddress peer, SocketAddress local,
                         Map<String, Object> clientProperties, long connectedAtMillis, Tuning tuning,
                         Consumer<String> closer) {
        this.user = user;
        this.vhost = vhost;
        this.peer = peer instanceof InetSocketAddress p ? p : new InetSocketAddress(0);
        this.local = local instanceof InetSocketAddress l ? l : new InetSocketAddress(0);
        this.name = host(this.peer) + ":" + this.peer.getPort() + " -> " + host(this.local) + ":"
                + this.local.getPort();
        this.clientProperties = clientProperties;
        this.connectedAtMillis = connectedAtMillis;
        this.tuning = tuning;
        this.closer = closer;
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String vhost() {
        return vhost;
    }

    @Override
    public String peerHost() {
        return host(peer);
    }

    @Override
    public int peerPort() {
        return peer.getPort();
    }

    @Override
    public String host() {
        return host(local);
    }

    @Override
    public int port() {
        return local.getPort();
    }

    @Override
    public String protocol() {
        return "AMQP 0-9-1";
    }

    @Override
    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    @Override
    public long connectedAtMillis() {
        return connectedAtMillis;
    }

    @Override
    public int channelMax() {
        return tuning.channelMax();
    }

    @Override
    public long frameMax() {
        return tuning.frameMax();
    }

    @Override
    public int heartbeatSeconds() {
        return tuning.heartbeatSeconds();
    }

    @Override
    public void close(String reason) {
        closer.accept(reason);
    }

    @Override
    public String toString() {
        return "connection " + name;
    }
}
