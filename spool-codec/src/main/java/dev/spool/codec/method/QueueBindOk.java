package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.bind-ok (50, 21). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueueBindOk() implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 21;

    /** Reads the arguments that follow the class and method ids. */
    public static QueueBindOk decode(ByteBuf in) {
        return new QueueBindOk();
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
        return "queue.bind-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
