package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.declare-ok (50, 11). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueueDeclareOk(String queue, long messageCount, long consumerCount) implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 11;

    /** Reads the arguments that follow the class and method ids. */
    public static QueueDeclareOk decode(ByteBuf in) {
        String queue = Wire.readShortString(in);
        long messageCount = in.readUnsignedInt();
        long consumerCount = in.readUnsignedInt();
        return new QueueDeclareOk(queue, messageCount, consumerCount);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, queue);
        out.writeInt((int) messageCount);
        out.writeInt((int) consumerCount);
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
        return "queue.declare-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
