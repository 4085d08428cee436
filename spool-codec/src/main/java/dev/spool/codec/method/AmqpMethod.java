package dev.spool.codec.method;

import io.netty.buffer.ByteBuf;

/**
 * One AMQP 0-9-1 method (with RabbitMQ's extensions) as an immutable record. Generated from the spec by
 * {@code spool-codec/codegen/generate_methods.py}: do not edit by hand.
 */
public sealed interface AmqpMethod permits
        ConnectionStart,
        ConnectionStartOk,
        ConnectionSecure,
        ConnectionSecureOk,
        ConnectionTune,
        ConnectionTuneOk,
        ConnectionOpen,
        ConnectionOpenOk,
        ConnectionClose,
        ConnectionCloseOk,
        ConnectionBlocked,
        ConnectionUnblocked,
        ConnectionUpdateSecret,
        ConnectionUpdateSecretOk,
        ChannelOpen,
        ChannelOpenOk,
        ChannelFlow,
        ChannelFlowOk,
        ChannelClose,
        ChannelCloseOk,
        ExchangeDeclare,
        ExchangeDeclareOk,
        ExchangeDelete,
        ExchangeDeleteOk,
        ExchangeBind,
        ExchangeBindOk,
        ExchangeUnbind,
        ExchangeUnbindOk,
        QueueDeclare,
        QueueDeclareOk,
        QueueBind,
        QueueBindOk,
        QueueUnbind,
        QueueUnbindOk,
        QueuePurge,
        QueuePurgeOk,
        QueueDelete,
        QueueDeleteOk,
        BasicQos,
        BasicQosOk,
        BasicConsume,
        BasicConsumeOk,
        BasicCancel,
        BasicCancelOk,
        BasicPublish,
        BasicReturn,
        BasicDeliver,
        BasicGet,
        BasicGetOk,
        BasicGetEmpty,
        BasicAck,
        BasicReject,
        BasicRecoverAsync,
        BasicRecover,
        BasicRecoverOk,
        BasicNack,
        TxSelect,
        TxSelectOk,
        TxCommit,
        TxCommitOk,
        TxRollback,
        TxRollbackOk,
        ConfirmSelect,
        ConfirmSelectOk,
        AccessRequest,
        AccessRequestOk {

    int classId();

    int methodId();

    /** The spec's dotted name, e.g. {@code queue.declare}, as used in error texts. */
    String name();

    /** Writes the arguments (everything after the class and method ids). */
    void encodeArguments(ByteBuf out);

    /** Whether a content header and body frames follow this method. */
    default boolean hasContent() {
        return false;
    }

    /** Whether the spec marks this method synchronous (it expects a reply, or is one). */
    default boolean synchronous() {
        return false;
    }
}
