package dev.spool.it.support;

import com.rabbitmq.client.SocketConfigurator;
import com.rabbitmq.client.SocketConfigurators;
import java.io.IOException;
import java.net.Socket;

/**
 * Keeps hold of the socket a client connection uses, so a test can close it under the client's feet: the broker then
 * sees a connection that died without connection.close, as when a client process crashes or the network drops.
 * Install it with {@code factory.setSocketConfigurator(handle)} before connecting.
 *
 * <p>The client library calls {@link #configure} on the connecting thread; the test thread calls the rest after the
 * connection is open.
 */
public final class SocketHandle implements SocketConfigurator {
    private volatile Socket socket;

    @Override
    public void configure(Socket socket) throws IOException {
        SocketConfigurators.defaultConfigurator().configure(socket);
        this.socket = socket;
    }

    /** Closes the socket normally (the broker reads end-of-stream). */
    public void close() throws IOException {
        socket.close();
    }

    /** Closes the socket with a TCP reset (the broker's read fails). */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
