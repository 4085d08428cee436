package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.get-empty (60, 72). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicGetEmpty(String reserved1) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 72;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicGetEmpty decode(ByteBuf in) {
        String reserved1 = Wire.readShortString(in);
        return new BasicGetEmpty(reserved1);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, reserved1);
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
        return "basic.get-empty";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
