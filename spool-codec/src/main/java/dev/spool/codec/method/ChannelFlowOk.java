package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** channel.flow-ok (20, 21). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ChannelFlowOk(boolean active) implements AmqpMethod {
    public static final int CLASS_ID = 20;
    public static final int METHOD_ID = 21;

    /** Reads the arguments that follow the class and method ids. */
    public static ChannelFlowOk decode(ByteBuf in) {
        int bits0 = in.readUnsignedByte();
        boolean active = (bits0 & 1) != 0;
        return new ChannelFlowOk(active);
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
        return "channel.flow-ok";
    }
}
