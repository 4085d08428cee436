package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.consume-ok (60, 21). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicConsumeOk(String consumerTag) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 21;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicConsumeOk decode(ByteBuf in) {
        String consumerTag = Wire.readShortString(in);
        return new BasicConsumeOk(consumerTag);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, consumerTag);
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
        return "basic.consume-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
