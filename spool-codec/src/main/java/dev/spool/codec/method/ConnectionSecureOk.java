package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.secure-ok (10, 21). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionSecureOk(byte[] response) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 21;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionSecureOk decode(ByteBuf in) {
        byte[] response = Wire.readLongString(in);
        return new ConnectionSecureOk(response);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeLongString(out, response);
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
        return "connection.secure-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
