package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.secure (10, 20). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionSecure(byte[] challenge) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 20;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionSecure decode(ByteBuf in) {
        byte[] challenge = Wire.readLongString(in);
        return new ConnectionSecure(challenge);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeLongString(out, challenge);
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
        return "connection.secure";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
