package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.blocked (10, 60). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionBlocked(String reason) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 60;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionBlocked decode(ByteBuf in) {
        String reason = Wire.readShortString(in);
        return new ConnectionBlocked(reason);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, reason);
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
        return "connection.blocked";
    }
}
