package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** channel.close-ok (20, 41). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ChannelCloseOk() implements AmqpMethod {
    public static final int CLASS_ID = 20;
    public static final int METHOD_ID = 41;

    /** Reads the arguments that follow the class and method ids. */
    public static ChannelCloseOk decode(ByteBuf in) {
        return new ChannelCloseOk();
    }

    @Override
    public void encodeArguments(ByteBuf out) {
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
        return "channel.close-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
