package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.tune-ok (10, 31). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionTuneOk(int channelMax, long frameMax, int heartbeat) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 31;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionTuneOk decode(ByteBuf in) {
        int channelMax = in.readUnsignedShort();
        long frameMax = in.readUnsignedInt();
        int heartbeat = in.readUnsignedShort();
        return new ConnectionTuneOk(channelMax, frameMax, heartbeat);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(channelMax);
        out.writeInt((int) frameMax);
        out.writeShort(heartbeat);
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
        return "connection.tune-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
