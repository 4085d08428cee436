package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.frame.ContentBodyFrame;
import dev.spool.codec.frame.ContentHeaderFrame;
import dev.spool.codec.frame.FrameDecoder;
import dev.spool.codec.frame.FrameError;
import dev.spool.codec.frame.Frames;
import dev.spool.codec.frame.HeartbeatFrame;
import dev.spool.codec.frame.MethodFrame;
import dev.spool.codec.frame.ProtocolHeaderAccepted;
import dev.spool.codec.frame.ProtocolHeaderRejected;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.ConnectionClose;
import dev.spool.codec.method.ConnectionCloseOk;
import dev.spool.codec.method.ConnectionTuneOk;
import dev.spool.codec.method.ConnectionUpdateSecret;
import dev.spool.codec.method.ConnectionUpdateSecretOk;
import dev.spool.engine.Broker;
import dev.spool.engine.client.ClientRegistry;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection: the last handler of its pipeline, after the codec's {@link FrameDecoder}. Runs the connection
 * state machine ({@code AWAITING_HEADER -> HANDSHAKE -> OPEN -> CLOSING -> CLOSED}), answers channel 0 itself, hands
 * the handshake to {@link Handshake} and every other channel's frames to the {@link ChannelTable}; every failure
 * becomes channel.close or connection.close through {@link ErrorMapper}, so nothing a client sends reaches Netty's
 * {@code exceptionCaught} unhandled.
 *
 * <p>After the server sends connection.close it ignores everything but close and close-ok, and closes the socket on
 * close-ok or after {@link #CLOSE_TIMEOUT_MILLIS}. However the connection ends, its channels give back their
 * unacknowledged messages and its exclusive queues are deleted.
 *
 * <p>One instance per connection; Netty calls it on the connection's event loop, which owns all its state.
 * {@link #forceClose} and {@link #block} may be called from any thread: they hop onto the loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter
        implements DeliveryOutbox.Owner, ChannelTable.Connection {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    /** How long the server waits for connection.close-ok after sending connection.close. */
    static final long CLOSE_TIMEOUT_MILLIS = 3000;

    private enum State { AWAITING_HEADER, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final Broker broker;
    private final AmqpSettings settings;
    private final Set<ConnectionHandler> registry;
    private final FrameDecoder decoder;
    private final Supplier<String> alarm;
    private ChannelHandlerContext ctx;
    private FrameWriter writer;
    private DeliveryOutbox outbox;
    private PublisherBlock publisherBlock;
    private Handshake handshake;
    private OpenConnection open;
    private ChannelTable channels;
    private AmqpClientConnection client;
    private State state = State.AWAITING_HEADER;
    private Future<?> handshakeTimeout;
    private boolean released;
    private final Admission admission;
    private final DirectReplyTo replies;
    /** Whether this connection holds one of the listener's handshake places. */
    private boolean handshaking;

    /**
     * @param registry the server's live connections: this one is in it while its socket is open
     * @param decoder  the connection's frame decoder, told the negotiated frame_max
     * @param alarm    why publishers are blocked now, or null: read once the connection is registered, so that a
     *                 connection opened during a resource alarm is blocked too
     */
    ConnectionHandler(Broker broker, AmqpSettings settings, Set<ConnectionHandler> registry, FrameDecoder decoder,
                      Supplier<String> alarm) {
        this(broker, settings, registry, decoder, Admission.unlimited(), alarm, new DirectReplyTo());
    }

    /**
     * @param admission the listener's handshake places and TLS login
     * @param replies   the server's direct reply-to consumers, shared by its connections
     */
    ConnectionHandler(Broker broker, AmqpSettings settings, Set<ConnectionHandler> registry, FrameDecoder decoder,
                      Admission admission, Supplier<String> alarm, DirectReplyTo replies) {
        this.admission = admission;
        this.replies = replies;
        this.broker = broker;
        this.settings = settings;
        this.registry = registry;
        this.decoder = decoder;
        this.alarm = alarm;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.writer = new FrameWriter(context);
        this.outbox = new DeliveryOutbox(context.executor(), context.channel(), this);
        this.publisherBlock = new PublisherBlock(writer, context.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        registry.add(this);
        if (!admission.enterHandshake()) {
            LOG.warn("closing AMQP connection {}: too many connections in their handshake ({})", remote(),
                    admission.handshaking());
            state = State.CLOSED;
            context.close();
            return;
        }
        handshaking = true;
        String blockedBy = alarm.get(); // after registering: an alarm raised from now on finds this connection
        if (blockedBy != null) {
            publisherBlock.block(blockedBy);
        }
        handshakeTimeout = context.executor().schedule(this::handshakeTimedOut, settings.handshakeTimeoutSeconds(),
                TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            read(msg);
        } catch (RuntimeException e) {
            // content frames are released where they are handled; this only catches bugs
            closeConnection(ErrorMapper.map(e, 0, 0));
        }
    }

    private void read(Object msg) {
        if (msg instanceof MethodFrame frame) {
            onMethodFrame(frame.channel(), frame.method());
        } else if (msg instanceof ContentBodyFrame || msg instanceof ContentHeaderFrame) {
            int channel = msg instanceof ContentBodyFrame body ? body.channel() : ((ContentHeaderFrame) msg).channel();
            if (state == State.OPEN) {
                channels.onContent(channel, msg);
            } else {
                ReferenceCountUtil.release(msg);
                if (state == State.HANDSHAKE) {
                    shutDown("content before connection.open");
                }
            }
        } else if (msg instanceof HeartbeatFrame) {
            return; // any read counts as liveness for the heartbeat handler
        } else if (msg == ProtocolHeaderAccepted.INSTANCE) {
            onProtocolHeader();
        } else if (msg instanceof ProtocolHeaderRejected rejected) {
            LOG.info("closing AMQP connection {}: {}", remote(), rejected.reason());
            state = State.CLOSED;
            ctx.writeAndFlush(Frames.protocolHeader()).addListener(ChannelFutureListener.CLOSE);
        } else if (msg instanceof FrameError error) {
            onFrameError(error);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onProtocolHeader() {
        if (state != State.AWAITING_HEADER) {
            return;
        }
        boolean loopback = remote() instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
        handshake = new Handshake(broker, settings, loopback, admission, ctx.pipeline().get(SslHandler.class));
        state = State.HANDSHAKE;
        writer.method(0, handshake.start());
    }

    private void onMethodFrame(int channel, AmqpMethod method) {
        switch (state) {
            case HANDSHAKE:
                onHandshakeMethod(channel, method);
                break;
            case OPEN:
                if (channel == 0) {
                    onConnectionMethod(method);
                } else {
                    if (method.hasContent()) {
                        publisherBlock.beforePublish();
                    }
                    channels.onMethod(channel, method);
                }
                break;
            case CLOSING:
                if (channel == 0 && method instanceof ConnectionCloseOk) {
                    ctx.close();
                } else if (channel == 0 && method instanceof ConnectionClose) {
                    writer.method(0, new ConnectionCloseOk());
                    writer.flushAndClose();
                }
                break;
            default:
                break;
        }
    }

    private void onHandshakeMethod(int channel, AmqpMethod method) {
        if (method instanceof ConnectionClose) {
            closeByClient();
            return;
        }
        if (channel != 0) {
            shutDown("a frame on channel " + channel + " before connection.open");
            return;
        }
        AmqpMethod reply;
        try {
            reply = handshake.onMethod(method);
        } catch (AmqpError e) {
            onHandshakeFailure(e, method);
            return;
        }
        if (reply != null) {
            writer.method(0, reply);
        }
        if (method instanceof ConnectionTuneOk) {
            Tuning tuning = handshake.tuning();
            writer.frameMax(tuning.frameMax());
            decoder.setMaxFrameSize(tuning.frameMax());
            if (tuning.heartbeatSeconds() > 0) {
                ctx.pipeline().addFirst("heartbeats", new Heartbeats(tuning.heartbeatSeconds()));
            }
        }
        if (handshake.isDone()) {
            opened();
        }
    }

    private void onHandshakeFailure(AmqpError error, AmqpMethod method) {
        if (!handshake.tellsClient(error)) {
            shutDown(error.getMessage());
            return;
        }
        CloseReason reason = ErrorMapper.map(error, method.classId(), method.methodId());
        if (error.replyCode() == ReplyCode.ACCESS_REFUSED) {
            // a refused login: like RabbitMQ, tell the client and close without waiting for close-ok
            LOG.info("closing AMQP connection {}: {}", remote(), reason.replyText());
            state = State.CLOSED;
            writer.method(0, reason.connectionClose());
            writer.flushAndClose();
            return;
        }
        closeConnection(reason);
    }

    private void opened() {
        handshakeTimeout.cancel(false);
        leaveHandshake();
        open = new OpenConnection(handshake.vhost(), handshake.user(), this,
                handshake.clientCan("consumer_cancel_notify"), settings.maxMessageSize(), writer, outbox,
                broker.accessControl(handshake.user(), handshake.vhost().name()), broker.limits(), ctx.executor(),
                replies);
        client = new AmqpClientConnection(open.user().name(), open.vhost().name(), remote(),
                ctx.channel().localAddress(), PlainValues.of(handshake.clientProperties()),
                broker.clock().millis(), handshake.tuning(), this::closeByOperator);
        ClientRegistry registry = broker.clients();
        channels = new ChannelTable(open, this, ctx.alloc(), handshake.tuning().channelMax(), registry, client);
        registry.connectionOpened(client);
        state = State.OPEN;
        publisherBlock.opened(handshake.clientCan("connection.blocked"));
        LOG.info("AMQP connection {}: user '{}' authenticated and granted access to vhost '{}'", remote(),
                open.user().name(), open.vhost().name());
    }

    private void onConnectionMethod(AmqpMethod method) {
        if (method instanceof ConnectionClose) {
            closeByClient();
        } else if (method instanceof ConnectionUpdateSecret) {
            writer.method(0, new ConnectionUpdateSecretOk()); // no backend here has expiring credentials
        } else {
            closeConnection(ErrorMapper.map(AmqpError.channelError("unexpected method in connection state running"),
                    method.classId(), method.methodId()));
        }
    }

    private void onFrameError(FrameError error) {
        if (state != State.OPEN && state != State.HANDSHAKE) {
            shutDown(error.replyText());
            return;
        }
        LOG.info("closing AMQP connection {}: {}", remote(), error.replyText());
        releaseResources();
        state = State.CLOSED;
        // framing is lost, so no close-ok can be read back: close once connection.close is out
        writer.method(0, ErrorMapper.frameError(error).connectionClose());
        writer.flushAndClose();
    }

    /** The client sent connection.close: channels give back their messages, close-ok goes out, the socket closes. */
    private void closeByClient() {
        releaseResources();
        state = State.CLOSED;
        writer.method(0, new ConnectionCloseOk());
        writer.flushAndClose();
    }

    /** The server closes the connection (a hard error, or shutdown): sends connection.close and awaits close-ok. */
    @Override
    public void closeConnection(CloseReason reason) {
        if (state != State.OPEN && state != State.HANDSHAKE) {
            if (state == State.AWAITING_HEADER) {
                shutDown(reason.replyText());
            }
            return;
        }
        LOG.info("closing AMQP connection {}: {}", remote(), reason.replyText());
        releaseResources();
        state = State.CLOSING;
        writer.method(0, reason.connectionClose());
        writer.flush();
        ctx.executor().schedule(this::closeTimedOut, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void closeTimedOut() {
        ctx.close();
    }

    private void handshakeTimedOut() {
        if (state == State.AWAITING_HEADER || state == State.HANDSHAKE) {
            shutDown("handshake timeout");
        }
    }

    /** Closes the socket without a word (what RabbitMQ does for most handshake failures). */
    private void shutDown(String why) {
        LOG.info("closing AMQP connection {}: {}", remote(), why);
        releaseResources();
        state = State.CLOSED;
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (state == State.OPEN) {
            channels.flushConfirms();
        }
        context.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        state = State.CLOSED;
        releaseResources();
        leaveHandshake(); // also when refused at once, before any resources
        registry.remove(this);
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            outbox.writable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("AMQP connection {} failed: {}", remote(), cause.toString());
            context.close();
            return;
        }
        if (cause instanceof NotSslRecordException || cause.getCause() instanceof SSLException) {
            // a plain client on the TLS port, a failed handshake or a bad record: nothing to tell in AMQP
            LOG.info("closing AMQP connection {}: TLS failed: {}", remote(), cause.getMessage());
            state = State.CLOSED;
            context.close();
            return;
        }
        closeConnection(ErrorMapper.map(cause, 0, 0));
        if (state != State.CLOSING) {
            context.close();
        }
    }

    /** Channels give back what they hold, then the exclusive queues go. Once only. */
    private void releaseResources() {
        if (released) {
            return;
        }
        released = true;
        if (channels != null) {
            channels.shutdownAll();
        }
        if (client != null) {
            broker.clients().connectionClosed(client);
        }
        if (open != null) {
            open.vhost().connectionClosed(this);
            broker.limits().connectionClosed(open.user().name(), open.vhost().name());
        }
        leaveHandshake();
    }

    private void leaveHandshake() {
        if (handshaking) {
            handshaking = false;
            admission.leaveHandshake();
        }
    }

    // ---- DeliveryOutbox.Owner ---------------------------------------------------------------------------------

    @Override
    public void flushDeliveries() {
        writer.flush();
    }

    @Override
    public void resumeConsumers() {
        if (state == State.OPEN) {
            channels.resumeConsumers();
        }
    }

    @Override
    public void deliveryFailed(Throwable failure) {
        closeConnection(ErrorMapper.map(failure, 0, 0));
    }

    // ---- called by the server, from any thread --------------------------------------------------------------------

    /** Closes with 320 CONNECTION_FORCED (broker shutdown); the future completes when the socket is closed. */
    ChannelFuture forceClose(String reason) {
        ctx.executor().execute(() -> {
            if (state == State.OPEN) {
                closeConnection(ErrorMapper.forced(reason));
            } else if (state != State.CLOSING) {
                shutDown("broker shutting down");
            }
        });
        return ctx.channel().closeFuture();
    }

    /**
     * Closes with 320 CONNECTION_FORCED and the operator's reason as its text (management closed the connection),
     * as RabbitMQ does. Any thread.
     */
    void closeByOperator(String reason) {
        ctx.executor().execute(() -> {
            if (state == State.OPEN) {
                closeConnection(ErrorMapper.reason(ReplyCode.CONNECTION_FORCED, reason, 0, 0));
            }
        });
    }

    /** Blocks or unblocks this connection's publishers (see {@link PublisherBlock}). */
    void block(boolean block, String reason) {
        ctx.executor().execute(() -> {
            if (block) {
                publisherBlock.block(reason);
            } else {
                publisherBlock.unblock(state == State.OPEN);
            }
        });
    }

    private SocketAddress remote() {
        return ctx.channel().remoteAddress();
    }
}
