package dev.spool.it.support;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An AMQP 0-9-1 client over a plain {@link Socket} that writes whatever bytes a test hands it: the way to send the
 * malformed input the real client library cannot produce. It knows just enough of the protocol to get through the
 * handshake, open channels, and read the broker's connection.close.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class RawConnection implements AutoCloseable {
    /** The protocol header of AMQP 0-9-1: 'A','M','Q','P',0,0,9,1. */
    public static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    private static final int FRAME_END = 0xCE;
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /** Connects without sending anything. */
    public static RawConnection connect(int port) throws IOException {
        return connect(port, 0);
    }

    /**
     * Connects without sending anything, with a receive buffer of {@code receiveBufferBytes} (0: the system's), set
     * before connecting so that the TCP window stays that small: a client that reads slowly, or not at all.
     */
    public static RawConnection connect(int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) DEFAULT_READ_TIMEOUT.toMillis());
        return new RawConnection(socket);
    }

    /**
     * Connects and completes the handshake as guest/guest on vhost "/" (advertising the
     * authentication_failure_close capability), agreeing to the given tune values.
     */
    public static RawConnection open(int port, int channelMax, int frameMax, int heartbeatSeconds)
            throws IOException {
        return open(connect(port), channelMax, frameMax, heartbeatSeconds);
    }

    /** Completes the handshake on a connection made with {@link #connect(int, int)}. */
    public static RawConnection open(RawConnection connection, int channelMax, int frameMax, int heartbeatSeconds)
            throws IOException {
        connection.write(PROTOCOL_HEADER);
        connection.startOk("guest", "guest");
        connection.expectMethod(10, 30); // connection.tune
        connection.tuneOk(channelMax, frameMax, heartbeatSeconds);
        connection.sendMethod(0, MethodPayload.of(10, 40).shortStr("/").shortStr("").octet(0));
        connection.expectMethod(10, 41); // connection.open-ok
        return connection;
    }

    /** Reads connection.start and answers with start-ok carrying PLAIN credentials. */
    public void startOk(String user, String password) throws IOException {
        expectMethod(10, 10);
        byte[] response = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        sendMethod(0, MethodPayload.of(10, 11)
                .capabilitiesTable("authentication_failure_close")
                .shortStr("PLAIN")
                .longStr(response)
                .shortStr("en_US"));
    }

    public void tuneOk(int channelMax, int frameMax, int heartbeatSeconds) throws IOException {
        sendMethod(0, MethodPayload.of(10, 31).shortUint(channelMax).longUint(frameMax).shortUint(heartbeatSeconds));
    }

    /** Sends channel.open and waits for channel.open-ok. */
    public void openChannel(int channel) throws IOException {
        sendMethod(channel, MethodPayload.of(20, 10).shortStr(""));
        RawFrame reply = readFrameSkippingHeartbeats();
        if (!reply.isMethod(20, 11) || reply.channel() != channel) {
            throw new IOException("expected channel.open-ok on channel " + channel + ", got " + reply);
        }
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendMethod(int channel, MethodPayload method) throws IOException {
        sendFrame(RawFrame.METHOD, channel, method.bytes());
    }

    public void sendFrame(int type, int channel, byte[] payload) throws IOException {
        write(frame(type, channel, payload, FRAME_END));
    }

    /** The bytes of one frame, with a frame-end octet of the caller's choosing. */
    public static byte[] frame(int type, int channel, byte[] payload, int frameEnd) {
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.put((byte) type).putShort((short) channel).putInt(payload.length).put(payload).put((byte) frameEnd);
        return frame.array();
    }

    /** A content header frame payload for class basic with no properties. */
    public static byte[] basicContentHeader(long bodySize) {
        return ByteBuffer.allocate(14).putShort((short) 60).putShort((short) 0).putLong(bodySize)
                .putShort((short) 0).array();
    }

    public RawFrame readFrame() throws IOException {
        int type = in.readUnsignedByte();
        int channel = in.readUnsignedShort();
        int size = in.readInt();
        byte[] payload = new byte[size];
        in.readFully(payload);
        int end = in.readUnsignedByte();
        if (end != FRAME_END) {
            throw new IOException("the broker sent a frame ending in " + end + " instead of 206");
        }
        return new RawFrame(type, channel, payload);
    }

    public RawFrame readFrameSkippingHeartbeats() throws IOException {
        while (true) {
            RawFrame frame = readFrame();
            if (frame.type() != RawFrame.HEARTBEAT) {
                return frame;
            }
        }
    }

    /** Reads the next frame other than a heartbeat and fails unless it is the given method. */
    public RawFrame expectMethod(int classId, int methodId) throws IOException {
        RawFrame frame = readFrameSkippingHeartbeats();
        if (!frame.isMethod(classId, methodId)) {
            throw new IOException("expected method " + classId + "/" + methodId + ", got " + frame);
        }
        return frame;
    }

    /**
     * Reads frames until the broker's connection.close on channel 0 and answers it with close-ok.
     *
     * @throws AssertionError when the broker closes the socket or stays silent without sending connection.close
     */
    public ConnectionCloseFrame awaitConnectionClose() throws IOException {
        List<RawFrame> skipped = new ArrayList<>();
        while (true) {
            RawFrame frame;
            try {
                frame = readFrame();
            } catch (SocketTimeoutException silent) {
                throw new AssertionError("the broker sent no connection.close within "
                        + socket.getSoTimeout() + " ms; it sent " + skipped, silent);
            } catch (EOFException | SocketException closed) {
                throw new AssertionError("the broker closed the socket without connection.close; it sent "
                        + skipped, closed);
            }
            if (frame.channel() == 0 && frame.isMethod(10, 50)) {
                ConnectionCloseFrame close = ConnectionCloseFrame.parse(frame);
                try {
                    sendMethod(0, MethodPayload.of(10, 51));
                } catch (IOException alreadyGone) {
                    // The broker may close the socket right after connection.close; close-ok is a courtesy.
                }
                return close;
            }
            skipped.add(frame);
        }
    }

    /**
     * Reads (and drops) whatever the broker still sends until it closes the socket.
     *
     * @return true if the broker closed the socket within {@code limit}; false if it was still open then
     */
    public boolean closedByBrokerWithin(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (EOFException | SocketException closed) {
            return true;
        }
    }

    /** Reads up to {@code count} bytes the broker sends before it closes the socket (or the read times out). */
    public byte[] readUntilClosed(int count) throws IOException {
        byte[] bytes = new byte[count];
        int read = 0;
        try {
            while (read < count) {
                int n = in.read(bytes, read, count - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (SocketException reset) {
            // A reset after the reply still leaves what was read.
        }
        return Arrays.copyOf(bytes, read);
    }

    public void setReadTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
