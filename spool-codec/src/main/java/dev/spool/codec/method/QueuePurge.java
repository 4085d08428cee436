package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.purge (50, 30). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueuePurge(int reserved1, String queue, boolean noWait) implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 30;

    /** Reads the arguments that follow the class and method ids. */
    public static QueuePurge decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String queue = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean noWait = (bits0 & 1) != 0;
        return new QueuePurge(reserved1, queue, noWait);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, queue);
        out.writeByte((noWait ? 1 : 0));
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
        return "queue.purge";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
