package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.update-secret-ok (10, 71). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionUpdateSecretOk() implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 71;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionUpdateSecretOk decode(ByteBuf in) {
        return new ConnectionUpdateSecretOk();
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
        return "connection.update-secret-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
