package dev.spool.codec.method;

import io.netty.buffer.ByteBuf;

/** Maps (class id, method id) to a method's decoder. Generated from the spec: do not edit by hand. */
public final class MethodRegistry {
    private MethodRegistry() {
    }

    /**
     * Decodes the arguments of the method with these ids; returns {@code null} when the ids name no known method.
     * A truncated argument list surfaces as Netty's {@code IndexOutOfBoundsException}, a malformed string or
     * field table as {@code dev.spool.codec.WireFormatException}.
     */
    public static AmqpMethod decode(int classId, int methodId, ByteBuf in) {
        return switch ((classId << 16) | methodId) {
            case 655370 -> ConnectionStart.decode(in); // 10, 10
            case 655371 -> ConnectionStartOk.decode(in); // 10, 11
            case 655380 -> ConnectionSecure.decode(in); // 10, 20
            case 655381 -> ConnectionSecureOk.decode(in); // 10, 21
            case 655390 -> ConnectionTune.decode(in); // 10, 30
            case 655391 -> ConnectionTuneOk.decode(in); // 10, 31
            case 655400 -> ConnectionOpen.decode(in); // 10, 40
            case 655401 -> ConnectionOpenOk.decode(in); // 10, 41
            case 655410 -> ConnectionClose.decode(in); // 10, 50
            case 655411 -> ConnectionCloseOk.decode(in); // 10, 51
            case 655420 -> ConnectionBlocked.decode(in); // 10, 60
            case 655421 -> ConnectionUnblocked.decode(in); // 10, 61
            case 655430 -> ConnectionUpdateSecret.decode(in); // 10, 70
            case 655431 -> ConnectionUpdateSecretOk.decode(in); // 10, 71
            case 1310730 -> ChannelOpen.decode(in); // 20, 10
            case 1310731 -> ChannelOpenOk.decode(in); // 20, 11
            case 1310740 -> ChannelFlow.decode(in); // 20, 20
            case 1310741 -> ChannelFlowOk.decode(in); // 20, 21
            case 1310760 -> ChannelClose.decode(in); // 20, 40
            case 1310761 -> ChannelCloseOk.decode(in); // 20, 41
            case 2621450 -> ExchangeDeclare.decode(in); // 40, 10
            case 2621451 -> ExchangeDeclareOk.decode(in); // 40, 11
            case 2621460 -> ExchangeDelete.decode(in); // 40, 20
            case 2621461 -> ExchangeDeleteOk.decode(in); // 40, 21
            case 2621470 -> ExchangeBind.decode(in); // 40, 30
            case 2621471 -> ExchangeBindOk.decode(in); // 40, 31
            case 2621480 -> ExchangeUnbind.decode(in); // 40, 40
            case 2621491 -> ExchangeUnbindOk.decode(in); // 40, 51
            case 3276810 -> QueueDeclare.decode(in); // 50, 10
            case 3276811 -> QueueDeclareOk.decode(in); // 50, 11
            case 3276820 -> QueueBind.decode(in); // 50, 20
            case 3276821 -> QueueBindOk.decode(in); // 50, 21
            case 3276850 -> QueueUnbind.decode(in); // 50, 50
            case 3276851 -> QueueUnbindOk.decode(in); // 50, 51
            case 3276830 -> QueuePurge.decode(in); // 50, 30
            case 3276831 -> QueuePurgeOk.decode(in); // 50, 31
            case 3276840 -> QueueDelete.decode(in); // 50, 40
            case 3276841 -> QueueDeleteOk.decode(in); // 50, 41
            case 3932170 -> BasicQos.decode(in); // 60, 10
            case 3932171 -> BasicQosOk.decode(in); // 60, 11
            case 3932180 -> BasicConsume.decode(in); // 60, 20
            case 3932181 -> BasicConsumeOk.decode(in); // 60, 21
            case 3932190 -> BasicCancel.decode(in); // 60, 30
            case 3932191 -> BasicCancelOk.decode(in); // 60, 31
            case 3932200 -> BasicPublish.decode(in); // 60, 40
            case 3932210 -> BasicReturn.decode(in); // 60, 50
            case 3932220 -> BasicDeliver.decode(in); // 60, 60
            case 3932230 -> BasicGet.decode(in); // 60, 70
            case 3932231 -> BasicGetOk.decode(in); // 60, 71
            case 3932232 -> BasicGetEmpty.decode(in); // 60, 72
            case 3932240 -> BasicAck.decode(in); // 60, 80
            case 3932250 -> BasicReject.decode(in); // 60, 90
            case 3932260 -> BasicRecoverAsync.decode(in); // 60, 100
            case 3932270 -> BasicRecover.decode(in); // 60, 110
            case 3932271 -> BasicRecoverOk.decode(in); // 60, 111
            case 3932280 -> BasicNack.decode(in); // 60, 120
            case 5898250 -> TxSelect.decode(in); // 90, 10
            case 5898251 -> TxSelectOk.decode(in); // 90, 11
            case 5898260 -> TxCommit.decode(in); // 90, 20
            case 5898261 -> TxCommitOk.decode(in); // 90, 21
            case 5898270 -> TxRollback.decode(in); // 90, 30
            case 5898271 -> TxRollbackOk.decode(in); // 90, 31
            case 5570570 -> ConfirmSelect.decode(in); // 85, 10
            case 5570571 -> ConfirmSelectOk.decode(in); // 85, 11
            case 1966090 -> AccessRequest.decode(in); // 30, 10
            case 1966091 -> AccessRequestOk.decode(in); // 30, 11
            default -> null;
        };
    }
}
