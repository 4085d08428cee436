package dev.spool.amqp;

import dev.spool.codec.frame.ContentBodyFrame;
import dev.spool.codec.frame.ContentHeaderFrame;
import dev.spool.codec.method.AccessRequest;
import dev.spool.codec.method.AccessRequestOk;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicCancel;
import dev.spool.codec.method.BasicConsume;
import dev.spool.codec.method.BasicGet;
import dev.spool.codec.method.BasicNack;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.BasicQos;
import dev.spool.codec.method.BasicQosOk;
import dev.spool.codec.method.BasicRecover;
import dev.spool.codec.method.BasicRecoverAsync;
import dev.spool.codec.method.BasicRecoverOk;
import dev.spool.codec.method.BasicReject;
import dev.spool.codec.method.ChannelClose;
import dev.spool.codec.method.ChannelCloseOk;
import dev.spool.codec.method.ChannelFlow;
import dev.spool.codec.method.ChannelFlowOk;
import dev.spool.codec.method.ChannelOpen;
import dev.spool.codec.method.ConfirmSelect;
import dev.spool.codec.method.ExchangeBind;
import dev.spool.codec.method.ExchangeDeclare;
import dev.spool.codec.method.ExchangeDelete;
import dev.spool.codec.method.ExchangeUnbind;
import dev.spool.codec.method.QueueBind;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDelete;
import dev.spool.codec.method.QueuePurge;
import dev.spool.codec.method.QueueUnbind;
import dev.spool.codec.method.TxCommit;
import dev.spool.codec.method.TxRollback;
import dev.spool.codec.method.TxSelect;
import dev.spool.codec.ReplyCode;
import dev.spool.engine.client.ClientChannel;

/**
 * One open AMQP channel: its state machine and the dispatch of its methods to the pieces that implement them
 * ({@link DefinitionMethods}, {@link Publisher}, {@link ConsumerTable}, {@link Deliveries}, {@link Settlements},
 * {@link ConsumerLeases}, {@link DirectReplyConsumer}, {@link ChannelModes}).
 *
 * <p>States: {@code OPEN}; {@code CLOSING} once the server sent channel.close, in which everything but
 * channel.close-ok (and channel.close) is ignored, as RabbitMQ does; {@code CLOSED}. Whichever side closes, the
 * channel's consumers leave their queues and every unacknowledged delivery goes back to its queue.
 *
 * <p>Confined to the connection's event loop: the connection calls it for every frame on its channel number, the
 * {@link DeliveryOutbox} for every delivery to its consumers. Failures are thrown to the connection, which maps them
 * with {@link ErrorMapper} and calls {@link #closeByServer} or closes the connection.
 */
final class AmqpChannel {
    private enum State { OPEN, CLOSING, CLOSED }

    private final int id;
    private final OpenConnection connection;
    private final ChannelTable table;
    private final ContentAssembler assembler;
    private final ChannelCredit credit = new ChannelCredit();
    private final Confirms confirms = new Confirms();
    private final ConsumerTable consumers;
    private final ConsumerLeases leases;
    private final DirectReplyConsumer replies;
    private final Settlements settlements;
    private final Deliveries deliveries;
    private final Publisher publisher;
    private final DurableAppends durable;
    private final DefinitionMethods definitions;
    private final ClientChannel stats;
    private final ChannelModes modes;
    private State state = State.OPEN;
    private boolean released;

    AmqpChannel(int id, OpenConnection connection, ChannelTable table, ContentAssembler assembler,
                ClientChannel stats) {
        this.id = id;
        this.stats = stats;
        this.connection = connection;
        this.table = table;
        this.assembler = assembler;
        this.leases = new ConsumerLeases(connection.vhost().clock(), connection.vhost().timers(),
                connection.eventLoop());
        this.replies = new DirectReplyConsumer(connection.replies(), this, connection, credit);
        this.consumers = new ConsumerTable(this, connection, credit, stats, replies);
        this.settlements = new Settlements(credit, consumers, stats, leases);
        leases.attach(settlements, consumers, connection.writer()::flush);
        this.deliveries = new Deliveries(id, connection, settlements.unacked(), stats, leases);
        this.durable = new DurableAppends(connection.eventLoop(), table, this);
        this.publisher = new Publisher(id, connection, confirms, durable, stats.counters(), replies,
                new LeaseExtensions(leases, settlements.unacked()));
        this.definitions = new DefinitionMethods(connection, replies);
        this.modes = new ChannelModes(id, connection, confirms, publisher, settlements, durable, stats);
    }

    int id() {
        return id;
    }

    /** What management sees of this channel. */
    ClientChannel stats() {
        return stats;
    }

    /** Handles a method frame on this channel. */
    void onMethod(AmqpMethod method) {
        if (state != State.OPEN) {
            onMethodWhileClosing(method);
            return;
        }
        if (!assembler.expectsMethod()) {
            throw assembler.unexpectedMethod();
        }
        AmqpMethod reply = dispatch(method);
        if (reply != null) {
            connection.writer().method(id, reply);
        }
    }

    /** Handles a content header frame; takes over its buffer. */
    void onContentHeader(ContentHeaderFrame frame) {
        if (state != State.OPEN) {
            frame.release();
            return;
        }
        if (assembler.header(frame)) {
            publishAssembled();
        }
    }

    /** Handles a content body frame; takes over its buffer. */
    void onContentBody(ContentBodyFrame frame) {
        if (state != State.OPEN) {
            frame.release();
            return;
        }
        if (assembler.body(frame)) {
            publishAssembled();
        }
    }

    /** The method whose content is being assembled, or null: what a content frame's failure is reported against. */
    AmqpMethod methodInProgress() {
        return assembler.publish();
    }

    private void publishAssembled() {
        try {
            publisher.publish(assembler.publish(), assembler.properties(), assembler.body(), modes.tx());
        } finally {
            assembler.reset();
        }
    }

    /** Writes a delivery taken from the outbox; one for a channel that closed meanwhile goes back to its queue. */
    void onDelivery(Delivery delivery) {
        if (delivery.isCancellation()) {
            if (state == State.OPEN) {
                consumers.cancelledByQueue(delivery.consumer, id);
            }
            return;
        }
        if (state != State.OPEN) {
            if (!delivery.consumer.noAck()) {
                delivery.queue.requeue(delivery.entryId);
            }
            return;
        }
        if (delivery.queue == null && !replies.accepts(delivery)) {
            return; // a direct reply-to reply for a reply consumer cancelled meanwhile
        }
        deliveries.deliver(delivery);
    }

    /**
     * The message log made this channel's stored publishes durable up to {@code token} (or failed some): confirms and
     * tx.commit-oks that waited for them become due. Called on the event loop through the {@link ChannelTable}.
     *
     * @throws AmqpError 541 when a committed transaction's message could not be written
     */
    void onDiskResolved(long token) {
        if (state != State.OPEN) {
            return;
        }
        modes.diskResolved(token);
    }

    /** Sends what confirms are pending (end of a read batch). */
    void flushConfirms() {
        modes.flushConfirms();
    }

    /** Asks every consumer's queue to dispatch again (there is room to write again). */
    void resumeConsumers() {
        if (state == State.OPEN) {
            consumers.dispatchAll();
        }
    }

    /** Closes the channel for a soft error: channel.close is sent and only close-ok is awaited. */
    void closeByServer(CloseReason reason) {
        if (state != State.OPEN) {
            return;
        }
        flushConfirms();
        state = State.CLOSING;
        release();
        connection.writer().method(id, reason.channelClose());
    }

    /**
     * The connection is going away: from now on deliveries in flight go back to their queues instead of being
     * written. The connection marks every channel so before any of them drains the outbox in {@link #shutdown()}.
     */
    void stopDeliveries() {
        state = State.CLOSED;
    }

    /** The connection is going away: gives back what this channel holds. */
    void shutdown() {
        state = State.CLOSED;
        release();
    }

    private void onMethodWhileClosing(AmqpMethod method) {
        if (method instanceof ChannelCloseOk) {
            state = State.CLOSED;
            table.remove(this);
        } else if (method instanceof ChannelClose) {
            connection.writer().method(id, new ChannelCloseOk());
        }
    }

    /**
     * Deliveries in flight and every unacknowledged one go back, then consumers leave their queues: in that order, so
     * that the consumer taking over (single active consumer, a message group's next owner) gets the requeued messages
     * first, as RabbitMQ does. Once only.
     */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        assembler.reset();
        leases.close();
        consumers.stopAll(); // no credit from here on: nothing requeued below comes back to this channel
        connection.outbox().drainAll();
        settlements.requeueAll();
        consumers.removeAll();
        modes.clear();
    }

    private AmqpMethod dispatch(AmqpMethod method) {
        switch (method.classId() << 16 | method.methodId()) {
            case BasicPublish.CLASS_ID << 16 | BasicPublish.METHOD_ID:
                assembler.start((BasicPublish) method);
                return null;
            case BasicAck.CLASS_ID << 16 | BasicAck.METHOD_ID: {
                BasicAck ack = (BasicAck) method;
                settlements.ack(ack.deliveryTag(), ack.multiple(), modes.tx() != null);
                return null;
            }
            case BasicNack.CLASS_ID << 16 | BasicNack.METHOD_ID: {
                BasicNack nack = (BasicNack) method;
                settlements.reject(nack.deliveryTag(), nack.multiple(), nack.requeue(), modes.tx() != null);
                return null;
            }
            case BasicReject.CLASS_ID << 16 | BasicReject.METHOD_ID: {
                BasicReject reject = (BasicReject) method;
                settlements.reject(reject.deliveryTag(), false, reject.requeue(), modes.tx() != null);
                return null;
            }
            case BasicConsume.CLASS_ID << 16 | BasicConsume.METHOD_ID: {
                BasicConsume consume = (BasicConsume) method;
                return consumers.consume(consume, definitions.queueName(consume.queue()));
            }
            case BasicCancel.CLASS_ID << 16 | BasicCancel.METHOD_ID:
                return consumers.cancel((BasicCancel) method);
            case BasicGet.CLASS_ID << 16 | BasicGet.METHOD_ID: {
                BasicGet get = (BasicGet) method;
                deliveries.get(get, definitions.queueName(get.queue()));
                return null;
            }
            case BasicQos.CLASS_ID << 16 | BasicQos.METHOD_ID:
                return qos((BasicQos) method);
            case BasicRecover.CLASS_ID << 16 | BasicRecover.METHOD_ID:
                recover(((BasicRecover) method).requeue());
                return new BasicRecoverOk();
            case BasicRecoverAsync.CLASS_ID << 16 | BasicRecoverAsync.METHOD_ID:
                recover(((BasicRecoverAsync) method).requeue());
                return null;
            case ExchangeDeclare.CLASS_ID << 16 | ExchangeDeclare.METHOD_ID:
                return definitions.exchangeDeclare((ExchangeDeclare) method);
            case ExchangeDelete.CLASS_ID << 16 | ExchangeDelete.METHOD_ID:
                return definitions.exchangeDelete((ExchangeDelete) method);
            case ExchangeBind.CLASS_ID << 16 | ExchangeBind.METHOD_ID:
                return definitions.exchangeBind((ExchangeBind) method);
            case ExchangeUnbind.CLASS_ID << 16 | ExchangeUnbind.METHOD_ID:
                return definitions.exchangeUnbind((ExchangeUnbind) method);
            case QueueDeclare.CLASS_ID << 16 | QueueDeclare.METHOD_ID:
                return definitions.queueDeclare((QueueDeclare) method);
            case QueueBind.CLASS_ID << 16 | QueueBind.METHOD_ID:
                return definitions.queueBind((QueueBind) method);
            case QueueUnbind.CLASS_ID << 16 | QueueUnbind.METHOD_ID:
                return definitions.queueUnbind((QueueUnbind) method);
            case QueuePurge.CLASS_ID << 16 | QueuePurge.METHOD_ID:
                return definitions.queuePurge((QueuePurge) method);
            case QueueDelete.CLASS_ID << 16 | QueueDelete.METHOD_ID:
                return definitions.queueDelete((QueueDelete) method);
            case ChannelClose.CLASS_ID << 16 | ChannelClose.METHOD_ID:
                closeByClient();
                return null;
            case ChannelFlow.CLASS_ID << 16 | ChannelFlow.METHOD_ID:
                return flow(((ChannelFlow) method).active());
            case ChannelOpen.CLASS_ID << 16 | ChannelOpen.METHOD_ID:
                throw AmqpError.channelError("second 'channel.open' seen");
            case ConfirmSelect.CLASS_ID << 16 | ConfirmSelect.METHOD_ID:
                return modes.confirmSelect((ConfirmSelect) method);
            case TxSelect.CLASS_ID << 16 | TxSelect.METHOD_ID:
                return modes.txSelect();
            case TxCommit.CLASS_ID << 16 | TxCommit.METHOD_ID:
                return modes.txCommit();
            case TxRollback.CLASS_ID << 16 | TxRollback.METHOD_ID:
                return modes.txRollback();
            case AccessRequest.CLASS_ID << 16 | AccessRequest.METHOD_ID:
                return new AccessRequestOk(1);
            default:
                // connection methods off channel 0, and methods only a server sends (RabbitMQ's catch-all)
                throw AmqpError.of(ReplyCode.COMMAND_INVALID, "unimplemented method");
        }
    }

    private void closeByClient() {
        flushConfirms();
        state = State.CLOSED;
        release();
        connection.writer().method(id, new ChannelCloseOk());
        table.remove(this);
    }

    private AmqpMethod qos(BasicQos qos) {
        if (qos.prefetchSize() != 0) {
            throw AmqpError.notImplemented("prefetch_size!=0 (" + qos.prefetchSize() + ")");
        }
        if (qos.global()) {
            stats.globalPrefetchCount(qos.prefetchCount());
            int before = credit.limit();
            credit.limit(qos.prefetchCount());
            if (before != 0 && (qos.prefetchCount() == 0 || qos.prefetchCount() > before)) {
                consumers.dispatchAll();
            }
        } else {
            stats.prefetchCount(qos.prefetchCount());
            consumers.prefetch(qos.prefetchCount());
        }
        return new BasicQosOk();
    }

    private void recover(boolean requeue) {
        if (!requeue) {
            throw AmqpError.notImplemented("requeue=false");
        }
        settlements.recover();
    }

    /** RabbitMQ answers active=true and, since 3.3, refuses a client's request to stop deliveries. */
    private AmqpMethod flow(boolean active) {
        if (!active) {
            throw AmqpError.notImplemented("active=false");
        }
        return new ChannelFlowOk(true);
    }
}
