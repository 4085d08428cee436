package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import dev.spool.codec.frame.ContentBodyFrame;
import dev.spool.codec.frame.ContentHeaderFrame;
import dev.spool.codec.frame.FrameDecoder;
import dev.spool.codec.frame.Frames;
import dev.spool.codec.frame.MethodFrame;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.ChannelOpen;
import dev.spool.codec.method.ChannelOpenOk;
import dev.spool.codec.method.ConnectionOpen;
import dev.spool.codec.method.ConnectionOpenOk;
import dev.spool.codec.method.ConnectionStart;
import dev.spool.codec.method.ConnectionStartOk;
import dev.spool.codec.method.ConnectionTune;
import dev.spool.codec.method.ConnectionTuneOk;
import dev.spool.engine.Broker;
import dev.spool.engine.BrokerSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A client's view of one {@link ConnectionHandler} on an {@link EmbeddedChannel}, with a real engine {@link Broker}:
 * writes frames in, decodes what the server wrote with the codec's own decoder. Time is the embedded event loop's,
 * moved with {@link #advanceSeconds}.
 */
final class TestConnection implements AutoCloseable {
    /** Client capabilities as RabbitMQ's Java client sends them. */
    static final FieldTable JAVA_CLIENT_PROPERTIES = FieldTable.of(Map.of("capabilities", Map.of(
            "authentication_failure_close", true, "consumer_cancel_notify", true, "connection.blocked", true,
            "publisher_confirms", true, "basic.nack", true, "exchange_exchange_bindings", true)));

    final Broker broker;
    final EmbeddedChannel server;
    final Set<ConnectionHandler> registry = ConcurrentHashMap.newKeySet();
    private final EmbeddedChannel client = new EmbeddedChannel(FrameDecoder.withoutProtocolHeader());

    private TestConnection(Broker broker, AmqpSettings settings, SocketAddress remote) {
        this.broker = broker;
        FrameDecoder decoder = new FrameDecoder();
        this.server = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        server.pipeline().addLast("frames", decoder);
        server.pipeline().addLast("amqp", new ConnectionHandler(broker, settings, registry, decoder, () -> null));
        server.pipeline().fireChannelActive();
        ((FrameDecoder) client.pipeline().first()).setMaxFrameSize(0);
    }

    /** A connection from the loopback address. */
    static TestConnection connect(Broker broker, AmqpSettings settings) {
        return new TestConnection(broker, settings, new InetSocketAddress("127.0.0.1", 40000));
    }

    /** A connection from another host. */
    static TestConnection connectFromRemote(Broker broker, AmqpSettings settings) {
        return new TestConnection(broker, settings, new InetSocketAddress("192.0.2.10", 40000));
    }

    static Broker broker() {
        return new Broker(BrokerSettings.defaults());
    }

    /** Handshake as guest on vhost "/", returning with connection.open-ok read. */
    static TestConnection open(Broker broker, AmqpSettings settings) {
        TestConnection connection = connect(broker, settings);
        connection.handshake("guest", "guest", "/");
        connection.expect(0, ConnectionOpenOk.class);
        return connection;
    }

    void handshake(String user, String password, String vhost) {
        sendProtocolHeader();
        expect(0, ConnectionStart.class);
        send(0, plainStartOk(user, password));
        ConnectionTune tune = expect(0, ConnectionTune.class);
        send(0, new ConnectionTuneOk(tune.channelMax(), tune.frameMax(), tune.heartbeat()));
        send(0, new ConnectionOpen(vhost, "", false));
    }

    static ConnectionStartOk plainStartOk(String user, String password) {
        byte[] response = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return new ConnectionStartOk(JAVA_CLIENT_PROPERTIES, "PLAIN", response, "en_US");
    }

    void openChannel(int channel) {
        send(channel, new ChannelOpen(""));
        expect(channel, ChannelOpenOk.class);
    }

    void sendProtocolHeader() {
        sendBytes(Unpooled.wrappedBuffer(Frames.protocolHeaderBytes()));
    }

    void send(int channel, AmqpMethod method) {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMethodFrame(out, channel, method);
        sendBytes(out);
    }

    /** basic.publish's method, header and body frames (split by frameMax) as one buffer. */
    static ByteBuf publishFrames(int channel, AmqpMethod publish, BasicProperties properties, byte[] body,
                                 long frameMax) {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMethodFrame(out, channel, publish);
        Frames.writeContentHeader(out, channel, body.length, properties);
        Frames.writeContentBody(out, channel, Unpooled.wrappedBuffer(body), frameMax);
        return out;
    }

    void sendBytes(ByteBuf bytes) {
        server.writeInbound(bytes);
        server.runPendingTasks();
    }

    /** Feeds {@code bytes} in pieces of {@code size} octets, as a slow network would. */
    void sendInFragments(ByteBuf bytes, int size) {
        while (bytes.isReadable()) {
            sendBytes(bytes.readRetainedSlice(Math.min(size, bytes.readableBytes())));
        }
        bytes.release();
    }

    /** The next frame (or other event) the server wrote, or null. Content frames must be released by the caller. */
    Object next() {
        server.runPendingTasks();
        Object decoded = client.readInbound();
        while (decoded == null) {
            Object written = server.readOutbound();
            if (written == null) {
                return null;
            }
            client.writeInbound(written);
            decoded = client.readInbound();
        }
        return decoded;
    }

    /** Reads the next frame, which must be a method of {@code type} on {@code channel}. */
    <T extends AmqpMethod> T expect(int channel, Class<T> type) {
        Object frame = next();
        assertThat(frame).as("next frame").isInstanceOf(MethodFrame.class);
        MethodFrame method = (MethodFrame) frame;
        assertThat(method.method()).isInstanceOf(type);
        assertThat(method.channel()).as("channel of " + method.method().name()).isEqualTo(channel);
        return type.cast(method.method());
    }

    /** Reads a content header and its body frames, returning the body. */
    byte[] expectContent(int channel) {
        ContentHeaderFrame header = (ContentHeaderFrame) next();
        assertThat(header.channel()).isEqualTo(channel);
        long size = header.bodySize();
        header.release();
        ByteBuf body = Unpooled.buffer();
        while (body.readableBytes() < size) {
            ContentBodyFrame frame = (ContentBodyFrame) next();
            body.writeBytes(frame.payload());
            frame.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(body);
        body.release();
        return bytes;
    }

    /** Whether nothing more was written. */
    boolean isQuiet() {
        Object frame = next();
        if (frame != null) {
            ReferenceCountUtil.release(frame);
            return false;
        }
        return true;
    }

    /**
     * The class and method ids a connection.close or channel.close reports as failing. The generated records'
     * {@code classId()} and {@code methodId()} answer their own ids (10, 50 / 20, 40), shadowing these components, so
     * they are read back from the encoded arguments.
     */
    static int[] failingMethod(AmqpMethod close) {
        ByteBuf arguments = Unpooled.buffer();
        close.encodeArguments(arguments);
        arguments.readUnsignedShort();
        Wire.readShortString(arguments);
        int[] ids = {arguments.readUnsignedShort(), arguments.readUnsignedShort()};
        arguments.release();
        return ids;
    }

    void advanceSeconds(long seconds) {
        server.advanceTimeBy(seconds, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        server.runPendingTasks();
    }

    boolean isOpen() {
        server.runPendingTasks();
        return server.isOpen();
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }
}
