package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.unbind-ok (50, 51). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueueUnbindOk() implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 51;

    /** Reads the arguments that follow the class and method ids. */
    public static QueueUnbindOk decode(ByteBuf in) {
        return new QueueUnbindOk();
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
        return "queue.unbind-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
