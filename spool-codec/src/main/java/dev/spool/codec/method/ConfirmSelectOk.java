package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** confirm.select-ok (85, 11). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConfirmSelectOk() implements AmqpMethod {
    public static final int CLASS_ID = 85;
    public static final int METHOD_ID = 11;

    /** Reads the arguments that follow the class and method ids. */
    public static ConfirmSelectOk decode(ByteBuf in) {
        return new ConfirmSelectOk();
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
        return "confirm.select-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
