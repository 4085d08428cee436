package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** channel.flow (20, 20). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ChannelFlow(boolean active) implements AmqpMethod {
    public static final int CLASS_ID = 20;
    public static final int METHOD_ID = 20;

    /** Reads the arguments that follow the class and method ids. */
    public static ChannelFlow decode(ByteBuf in) {
        int bits0 = in.readUnsignedByte();
        boolean active = (bits0 & 1) != 0;
        return new ChannelFlow(active);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeByte((active ? 1 : 0));
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
        return "channel.flow";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
