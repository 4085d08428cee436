package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.tune (10, 30). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionTune(int channelMax, long frameMax, int heartbeat) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 30;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionTune decode(ByteBuf in) {
        int channelMax = in.readUnsignedShort();
        long frameMax = in.readUnsignedInt();
        int heartbeat = in.readUnsignedShort();
        return new ConnectionTune(channelMax, frameMax, heartbeat);
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
        return "connection.tune";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
