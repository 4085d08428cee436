package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.unblocked (10, 61). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionUnblocked() implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 61;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionUnblocked decode(ByteBuf in) {
        return new ConnectionUnblocked();
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
        return "connection.unblocked";
    }
}
