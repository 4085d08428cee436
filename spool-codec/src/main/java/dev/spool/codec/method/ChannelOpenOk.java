package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** channel.open-ok (20, 11). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ChannelOpenOk(byte[] reserved1) implements AmqpMethod {
    public static final int CLASS_ID = 20;
    public static final int METHOD_ID = 11;

    /** Reads the arguments that follow the class and method ids. */
    public static ChannelOpenOk decode(ByteBuf in) {
        byte[] reserved1 = Wire.readLongString(in);
        return new ChannelOpenOk(reserved1);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeLongString(out, reserved1);
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
        return "channel.open-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
