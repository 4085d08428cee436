package dev.spool.it.perftest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between AMQP clients and the broker that parses every frame in both directions and counts, in {@link
 * WireCounts}, what was published, confirmed, delivered and acked. Neither the client nor the broker is asked: the
 * count comes from the bytes they exchanged, so it can catch either one miscounting.
 *
 * <p>Each frame is counted before it is forwarded, so a delivery is always counted before the client can ack it.
 *
 * <p>Threads: one acceptor thread, and two relay threads per connection (client to broker, broker to client), all
 * daemons. {@link #close()} may be called from any thread.
 */
final class WireTap implements AutoCloseable {
    private static final int FRAME_METHOD = 1;
    private static final int FRAME_HEADER = 2;
    private static final int FRAME_BODY = 3;
    private static final int CONNECTION_CLOSE = (10 << 16) | 50;

    private final int brokerPort;
    private final ServerSocket listener;
    private final WireCounts counts = new WireCounts();
    private final AtomicInteger openConnections = new AtomicInteger();

    WireTap(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "wire-tap-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    WireCounts counts() {
        return counts;
    }

    int openConnections() {
        return openConnections.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                openConnections.incrementAndGet();
                Map<Integer, ChannelTally> channels = new ConcurrentHashMap<>();
                AtomicInteger directionsLeft = new AtomicInteger(2);
                start(new Relay(client, broker, channels, true, directionsLeft), "wire-tap-to-broker");
                start(new Relay(broker, client, channels, false, directionsLeft), "wire-tap-to-client");
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    counts.problem("wire tap could not relay a connection: " + e);
                }
            }
        }
    }

    private static void start(Runnable relay, String name) {
        Thread thread = new Thread(relay, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies one direction of one connection frame by frame, counting as it goes. */
    private final class Relay implements Runnable {
        private final Socket from;
        private final Socket to;
        private final Map<Integer, ChannelTally> channels;
        private final boolean fromClient;
        private final AtomicInteger directionsLeft;
        /** The client sent connection.close: the broker discards whatever it sends after it but close-ok. */
        private boolean clientSentConnectionClose;

        Relay(Socket from, Socket to, Map<Integer, ChannelTally> channels, boolean fromClient,
                AtomicInteger directionsLeft) {
            this.from = from;
            this.to = to;
            this.channels = channels;
            this.fromClient = fromClient;
            this.directionsLeft = directionsLeft;
        }

        @Override
        public void run() {
            OutputStream out = null;
            try (InputStream rawIn = from.getInputStream()) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn, 65_536));
                out = new BufferedOutputStream(to.getOutputStream(), 65_536);
                if (fromClient) {
                    byte[] header = new byte[8];
                    in.readFully(header);
                    out.write(header);
                    out.flush();
                }
                byte[] frameHeader = new byte[7];
                while (true) {
                    in.readFully(frameHeader);
                    int type = frameHeader[0] & 0xff;
                    int channel = ((frameHeader[1] & 0xff) << 8) | (frameHeader[2] & 0xff);
                    int size = ((frameHeader[3] & 0xff) << 24) | ((frameHeader[4] & 0xff) << 16)
                            | ((frameHeader[5] & 0xff) << 8) | (frameHeader[6] & 0xff);
                    byte[] payload = new byte[size];
                    in.readFully(payload);
                    int end = in.readUnsignedByte();
                    count(type, channel, payload);
                    out.write(frameHeader);
                    out.write(payload);
                    out.write(end);
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
            } catch (EOFException endOfStream) {
                halfClose();
            } catch (IOException broken) {
                forwardWhatWasCounted(out);
                closeBoth();
            } finally {
                if (directionsLeft.decrementAndGet() == 0) {
                    closeBoth();
                    openConnections.decrementAndGet();
                }
            }
        }

        private void count(int type, int channelNumber, byte[] payload) {
            if (channelNumber == 0) {
                if (fromClient && type == FRAME_METHOD && methodOf(payload) == CONNECTION_CLOSE) {
                    clientSentConnectionClose = true;
                }
                return;
            }
            ChannelTally channel = channels.computeIfAbsent(channelNumber, n -> counts.newChannel());
            if (type == FRAME_HEADER && fromClient) {
                channel.contentHeader(longAt(payload, 4));
            } else if (type == FRAME_BODY && fromClient) {
                channel.contentBody(payload.length);
            } else if (type == FRAME_METHOD) {
                int method = methodOf(payload);
                if (fromClient && clientSentConnectionClose) {
                    countClientMethodAfterClose(channel, method, payload);
                } else if (fromClient) {
                    countClientMethod(channel, method, payload);
                } else {
                    countBrokerMethod(channelNumber, channel, method, payload);
                }
            }
        }

        private void countClientMethod(ChannelTally channel, int method, byte[] payload) {
            switch (method) {
                case (60 << 16) | 40 -> channel.publishStarted();
                case (85 << 16) | 10 -> channel.confirmSelected();
                case (60 << 16) | 80 -> channel.settled(longAt(payload, 4), (payload[12] & 1) != 0, true);
                case (60 << 16) | 120 -> channel.settled(longAt(payload, 4), (payload[12] & 1) != 0, false);
                case (60 << 16) | 90 -> channel.settled(longAt(payload, 4), false, false);
                default -> { }
            }
        }

        /**
         * A client may still send a few frames after its connection.close (RabbitMQ's Java client lets consumer
         * threads ack while the close is under way); the broker must discard them, as RabbitMQ does, so settlements
         * among them settle nothing: they are counted apart.
         */
        private void countClientMethodAfterClose(ChannelTally channel, int method, byte[] payload) {
            switch (method) {
                case (60 << 16) | 80, (60 << 16) | 120 -> channel.settledAfterClose(longAt(payload, 4),
                        (payload[12] & 1) != 0);
                case (60 << 16) | 90 -> channel.settledAfterClose(longAt(payload, 4), false);
                default -> { }
            }
        }

        private void countBrokerMethod(int channelNumber, ChannelTally channel, int method, byte[] payload) {
            switch (method) {
                case (20 << 16) | 11 -> channels.put(channelNumber, counts.newChannel()); // channel.open-ok
                case (60 << 16) | 80 -> channel.confirm(longAt(payload, 4), (payload[12] & 1) != 0);
                case (60 << 16) | 120 -> counts.countBrokerNack();
                case (60 << 16) | 50 -> counts.countReturn();
                case (60 << 16) | 60 -> { // basic.deliver: consumer-tag, delivery-tag, redelivered
                    int tagAt = 4 + 1 + (payload[4] & 0xff);
                    channel.delivered(longAt(payload, tagAt), (payload[tagAt + 8] & 1) != 0);
                }
                case (60 << 16) | 71 -> channel.delivered(longAt(payload, 4), (payload[12] & 1) != 0); // get-ok
                default -> { }
            }
        }

        /**
         * Frames are counted before they are forwarded, and only flushed once the input runs dry: when the reading
         * side breaks (a client resetting its socket), what was counted still goes out; if it cannot, the counts would
         * claim frames the other side never got, so that is a problem of its own.
         */
        private void forwardWhatWasCounted(OutputStream out) {
            if (out == null) {
                return;
            }
            try {
                out.flush();
            } catch (IOException lost) {
                if (fromClient && !clientSentConnectionClose) {
                    counts.problem("frames counted but not forwarded to the broker: " + lost);
                }
            }
        }

        private void halfClose() {
            try {
                to.shutdownOutput();
            } catch (IOException alreadyClosed) {
                // the other direction closed it first
            }
        }

        private void closeBoth() {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }

    private static int methodOf(byte[] payload) {
        return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                | (payload[3] & 0xff);
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
