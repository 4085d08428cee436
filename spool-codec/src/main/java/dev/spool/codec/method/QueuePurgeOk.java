package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.purge-ok (50, 31). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueuePurgeOk(long messageCount) implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 31;

    /** Reads the arguments that follow the class and method ids. */
    public static QueuePurgeOk decode(ByteBuf in) {
        long messageCount = in.readUnsignedInt();
        return new QueuePurgeOk(messageCount);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeInt((int) messageCount);
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
        return "queue.purge-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
