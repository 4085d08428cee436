package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** access.request-ok (30, 11). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record AccessRequestOk(int reserved1) implements AmqpMethod {
    public static final int CLASS_ID = 30;
    public static final int METHOD_ID = 11;

    /** Reads the arguments that follow the class and method ids. */
    public static AccessRequestOk decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        return new AccessRequestOk(reserved1);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
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
        return "access.request-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
