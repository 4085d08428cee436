package dev.spool.amqp;

import dev.spool.codec.frame.FrameDecoder;
import dev.spool.engine.Broker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP 0-9-1 listener: binds the port, gives every accepted connection a pipeline of the codec's
 * {@link FrameDecoder} and a {@link ConnectionHandler}, and on {@link #close()} closes every connection as RabbitMQ
 * does on shutdown (connection.close 320 CONNECTION_FORCED), waits briefly for the clients' close-ok and stops the
 * event loops. Uses epoll where available, NIO otherwise.
 *
 * <p>With {@link AmqpSecurity#tls()} it also binds the AMQPS port, whose connections start with a TLS handshake
 * (TLS 1.3 and 1.2 only) before the same pipeline. Both listeners share the cap on connections still in their
 * handshake ({@link Admission}).
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} are meant for the thread that manages the broker's lifecycle;
 * {@link #port()} and {@link #connectionCount()} may be read from any thread.
 */
public final class AmqpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpServer.class);
    /** How long {@link #close()} waits for clients to answer connection.close. */
    private static final long CLOSE_WAIT_MILLIS = 2000;
    private static final String SHUTDOWN = "shutdown";

    private final AmqpSettings settings;
    private final Broker broker;
    private final Set<ConnectionHandler> connections = ConcurrentHashMap.newKeySet();
    /** The direct reply-to consumers of every connection, so that a reply finds its requester on any of them. */
    private final DirectReplyTo replies = new DirectReplyTo();
    /** Why publishers are blocked, or null: connections opened during an alarm read it. */
    private volatile String alarm;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel listener;
    private final AmqpSecurity security;
    private final AtomicInteger handshaking = new AtomicInteger();
    /** The AMQPS listener, or null. */
    private Channel tlsListener;

    public AmqpServer(AmqpSettings settings, Broker broker) {
        this(settings, broker, AmqpSecurity.NONE);
    }

    /** A server with a TLS listener and a cap on connections in their handshake, as {@code security} says. */
    public AmqpServer(AmqpSettings settings, Broker broker, AmqpSecurity security) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.security = Objects.requireNonNull(security, "security");
    }

    /** Binds the port and starts accepting connections. */
    public synchronized void start() throws InterruptedException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        int threads = settings.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : settings.ioThreads();
        acceptors = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(threads, io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(initializer(null));
        AmqpTls tls = security.tls();
        try {
            listener = bootstrap.bind(settings.host(), settings.port()).sync().channel();
            if (tls != null) {
                tlsListener = bootstrap.clone().childHandler(initializer(tls))
                        .bind(settings.host(), tls.port()).sync().channel();
            }
        } catch (InterruptedException | RuntimeException e) {
            if (listener != null) {
                listener.close().awaitUninterruptibly();
                listener = null;
            }
            stopEventLoops();
            throw e;
        }
        LOG.info("AMQP listener on {}:{} ({})", settings.host(), port(), epoll ? "epoll" : "nio");
        if (tls != null) {
            LOG.info("AMQPS listener on {}:{} ({}, client certificates: {})", settings.host(), tlsPort(),
                    String.join(", ", AmqpTls.PROTOCOLS), tls.clientAuth());
        }
    }

    /** The pipeline of a new connection; with {@code tls}, TLS comes first. */
    private ChannelInitializer<SocketChannel> initializer(AmqpTls tls) {
        Admission admission = new Admission(handshaking, security.maxHandshaking(), tls);
        return new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                if (tls != null) {
                    channel.pipeline().addLast("tls", new SslHandler(serverEngine(tls)));
                }
                FrameDecoder decoder = new FrameDecoder();
                channel.pipeline().addLast("frames", decoder);
                channel.pipeline().addLast("amqp", new ConnectionHandler(broker, settings, connections, decoder,
                        admission, AmqpServer.this::alarm, replies));
            }
        };
    }

    /** A server-side engine from the (possibly reloaded) context, TLS 1.3/1.2 only, asking for certificates as set. */
    private static SSLEngine serverEngine(AmqpTls tls) {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(AmqpTls.PROTOCOLS.toArray(new String[0]));
        if (tls.clientAuth() == ClientAuth.REQUIRE) {
            engine.setNeedClientAuth(true);
        } else if (tls.clientAuth() == ClientAuth.OPTIONAL) {
            engine.setWantClientAuth(true);
        }
        return engine;
    }

    /** The bound AMQPS port (the real one when the settings asked for port 0). */
    public int tlsPort() {
        Channel bound = tlsListener;
        if (bound == null) {
            throw new IllegalStateException("no TLS listener");
        }
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** The bound port (useful when the settings asked for port 0). */
    public int port() {
        Channel bound = listener;
        if (bound == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** Connections whose socket is open. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Blocks publishers on every connection, those opened later included (a resource alarm, RabbitMQ's semantics):
     * each connection stops reading at its next publish, and a client with the {@code connection.blocked} capability
     * is then told with connection.blocked carrying {@code reason} (RabbitMQ's texts: "low on memory", "low on disk").
     * Connections that only consume are not blocked. {@link #unblockPublishers()} undoes it. Any thread.
     */
    public void blockPublishers(String reason) {
        alarm = reason;
        for (ConnectionHandler connection : connections) {
            connection.block(true, reason);
        }
    }

    /** Ends the alarm: blocked connections read again and told clients get connection.unblocked. Any thread. */
    public void unblockPublishers() {
        alarm = null;
        for (ConnectionHandler connection : connections) {
            connection.block(false, "");
        }
    }

    /** Why publishers are blocked now, or null. */
    public String alarm() {
        return alarm;
    }

    /**
     * Stops accepting, closes every connection with 320 CONNECTION_FORCED, waits briefly for the clients' close-ok,
     * then stops the event loops. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (listener == null) {
            return;
        }
        listener.close().awaitUninterruptibly();
        if (tlsListener != null) {
            tlsListener.close().awaitUninterruptibly();
            tlsListener = null;
        }
        List<ChannelFuture> closing = new ArrayList<>();
        for (ConnectionHandler connection : connections) {
            closing.add(connection.forceClose(SHUTDOWN));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (ChannelFuture future : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !future.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
                future.channel().close();
            }
        }
        stopEventLoops();
        listener = null;
        LOG.info("AMQP listener stopped");
    }

    private void stopEventLoops() {
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        acceptors = null;
        workers = null;
    }
}
