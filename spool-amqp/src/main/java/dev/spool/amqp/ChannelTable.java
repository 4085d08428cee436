package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.frame.ContentBodyFrame;
import dev.spool.codec.frame.ContentHeaderFrame;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.ChannelOpen;
import dev.spool.codec.method.ChannelOpenOk;
import dev.spool.codec.method.TxCommit;
import dev.spool.engine.client.ClientChannel;
import dev.spool.engine.client.ClientConnection;
import dev.spool.engine.client.ClientRegistry;
import dev.spool.engine.EngineException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * An open connection's channels by number: routes each channel's frames to it, creates channels on channel.open and
 * forgets them once closed either way (so the number can be reused). As in RabbitMQ, channel_max limits how many
 * channels are open at once, not which numbers they use; each channel also counts against its user's channel limit
 * (all the user's connections together).
 *
 * <p>A failure while a channel handles a frame is mapped by {@link ErrorMapper}: a soft error closes that channel, a
 * hard one goes to the connection.
 *
 * <p>Confined to the connection's event loop.
 */
final class ChannelTable {
    private static final byte[] NO_BYTES = new byte[0];

    /** What the table needs of its connection. */
    interface Connection {
        /** A hard error: the connection sends connection.close. */
        void closeConnection(CloseReason reason);
    }

    private final IntObjectHashMap<AmqpChannel> byNumber = new IntObjectHashMap<>();
    private final List<AmqpChannel> channels = new ArrayList<>(); // the same channels, for iterating without garbage
    private final OpenConnection connection;
    private final Connection owner;
    private final ByteBufAllocator alloc;
    private final int channelMax;
    private final ClientRegistry registry;
    private final ClientConnection client;

    /**
     * @param channelMax the negotiated channel_max, 0 for no limit
     * @param registry   where channels are listed for management while open
     * @param client     the connection as management sees it
     */
    ChannelTable(OpenConnection connection, Connection owner, ByteBufAllocator alloc, int channelMax,
                 ClientRegistry registry, ClientConnection client) {
        this.registry = registry;
        this.client = client;
        this.connection = connection;
        this.owner = owner;
        this.alloc = alloc;
        this.channelMax = channelMax;
    }

    /** A method frame on channel {@code id} (not 0). */
    void onMethod(int id, AmqpMethod method) {
        AmqpChannel channel = byNumber.get(id);
        try {
            if (channel == null) {
                if (!(method instanceof ChannelOpen)) {
                    throw AmqpError.channelError("expected 'channel.open'");
                }
                open(id);
                connection.writer().method(id, new ChannelOpenOk(NO_BYTES));
                return;
            }
            channel.onMethod(method);
        } catch (RuntimeException e) {
            fail(channel, e, method.classId(), method.methodId());
        }
    }

    /** A content header or body frame on channel {@code id}; takes over its buffer. */
    void onContent(int id, Object frame) {
        AmqpChannel channel = byNumber.get(id);
        if (channel == null) {
            ReferenceCountUtil.release(frame);
            owner.closeConnection(ErrorMapper.map(AmqpError.unexpectedFrame(
                    "expected method frame, got non method frame instead", 0, 0), 0, 0));
            return;
        }
        AmqpMethod publish = channel.methodInProgress();
        try {
            if (frame instanceof ContentHeaderFrame header) {
                channel.onContentHeader(header);
            } else {
                channel.onContentBody((ContentBodyFrame) frame);
            }
        } catch (RuntimeException e) {
            fail(channel, e, publish == null ? 0 : publish.classId(), publish == null ? 0 : publish.methodId());
        }
    }

    private void fail(AmqpChannel channel, RuntimeException failure, int classId, int methodId) {
        CloseReason reason = ErrorMapper.map(failure, classId, methodId);
        if (reason.closesConnection() || channel == null) {
            owner.closeConnection(reason);
        } else {
            channel.closeByServer(reason);
        }
    }

    /**
     * channel.open.
     *
     * @throws AmqpError 530 NOT_ALLOWED when channel_max channels are open already (RabbitMQ's text, reported
     *                   against no method since the channel does not exist yet)
     */
    private void open(int id) {
        if (channelMax != 0 && channels.size() >= channelMax) {
            throw AmqpError.at(ReplyCode.NOT_ALLOWED, "number of channels opened (" + channels.size()
                    + ") has reached the negotiated channel_max (" + channelMax + ")", 0, 0);
        }
        try {
            connection.limits().channelOpened(connection.user().name()); // the user's limit, all connections
        } catch (EngineException e) {
            // like channel_max, reported against no method: the channel does not exist yet
            throw AmqpError.at(ErrorMapper.code(e.condition()), e.getMessage(), 0, 0);
        }
        ClientChannel stats = new ClientChannel(client, id);
        AmqpChannel channel = new AmqpChannel(id, connection, this,
                new ContentAssembler(alloc, connection.maxMessageSize()), stats);
        registry.channelOpened(stats);
        byNumber.put(id, channel);
        channels.add(channel);
    }

    /** Forgets a closed channel (its number may be opened again). */
    void remove(AmqpChannel channel) {
        if (byNumber.get(channel.id()) == channel) {
            byNumber.remove(channel.id());
            channels.remove(channel);
            registry.channelClosed(channel.stats());
            connection.limits().channelClosed(connection.user().name());
        }
    }

    /**
     * The message log resolved {@code channel}'s stored publishes up to {@code token}: the channel sends the confirms
     * and tx.commit-oks now due, and they are flushed. A channel that has closed meanwhile is ignored. Event loop.
     */
    void diskResolved(AmqpChannel channel, long token) {
        if (byNumber.get(channel.id()) != channel) {
            return;
        }
        try {
            channel.onDiskResolved(token);
        } catch (RuntimeException e) {
            fail(channel, e, TxCommit.CLASS_ID, TxCommit.METHOD_ID);
        }
        connection.writer().flush();
    }

    /** Sends pending publisher confirms on every channel (end of a read batch). */
    void flushConfirms() {
        for (int i = 0; i < channels.size(); i++) {
            channels.get(i).flushConfirms();
        }
    }

    /** Asks every channel's consumers to dispatch again (there is room to write again). */
    void resumeConsumers() {
        for (AmqpChannel channel : new ArrayList<>(channels)) {
            channel.resumeConsumers();
        }
    }

    /** Gives back what every channel holds (the connection is closing) and forgets them. */
    void shutdownAll() {
        List<AmqpChannel> all = new ArrayList<>(channels);
        channels.clear();
        byNumber.clear();
        for (AmqpChannel channel : all) {
            channel.stopDeliveries(); // so that no channel's drain writes another's deliveries to a dying socket
        }
        for (AmqpChannel channel : all) {
            channel.shutdown();
            registry.channelClosed(channel.stats());
            connection.limits().channelClosed(connection.user().name());
        }
    }
}
