package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** channel.close (20, 40). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ChannelClose(int replyCode, String replyText, int failingClassId, int failingMethodId) implements AmqpMethod {
    public static final int CLASS_ID = 20;
    public static final int METHOD_ID = 40;

    /** Reads the arguments that follow the class and method ids. */
    public static ChannelClose decode(ByteBuf in) {
        int replyCode = in.readUnsignedShort();
        String replyText = Wire.readShortString(in);
        int failingClassId = in.readUnsignedShort();
        int failingMethodId = in.readUnsignedShort();
        return new ChannelClose(replyCode, replyText, failingClassId, failingMethodId);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(replyCode);
        Wire.writeShortString(out, replyText);
        out.writeShort(failingClassId);
        out.writeShort(failingMethodId);
    }

    @Override
    public int classId() {
        return CLASS_ID;
    }

    @Override
    public int methodId() {
        return METHOD_ID;
    }

    @Override
    public String name() {
        return "channel.close";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
