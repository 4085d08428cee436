package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.recover-ok (60, 111). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicRecoverOk() implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 111;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicRecoverOk decode(ByteBuf in) {
        return new BasicRecoverOk();
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
        return "basic.recover-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
