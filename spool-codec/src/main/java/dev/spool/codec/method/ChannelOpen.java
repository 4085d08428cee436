package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** channel.open (20, 10). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ChannelOpen(String reserved1) implements AmqpMethod {
    public static final int CLASS_ID = 20;
    public static final int METHOD_ID = 10;

    /** Reads the arguments that follow the class and method ids. */
    public static ChannelOpen decode(ByteBuf in) {
        String reserved1 = Wire.readShortString(in);
        return new ChannelOpen(reserved1);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, reserved1);
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
        return "channel.open";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
