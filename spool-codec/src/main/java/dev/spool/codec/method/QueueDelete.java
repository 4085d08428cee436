package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.delete (50, 40). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueueDelete(int reserved1, String queue, boolean ifUnused, boolean ifEmpty, boolean noWait) implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 40;

    /** Reads the arguments that follow the class and method ids. */
    public static QueueDelete decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String queue = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean ifUnused = (bits0 & 1) != 0;
        boolean ifEmpty = (bits0 & 2) != 0;
        boolean noWait = (bits0 & 4) != 0;
        return new QueueDelete(reserved1, queue, ifUnused, ifEmpty, noWait);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, queue);
        out.writeByte((ifUnused ? 1 : 0) | (ifEmpty ? 2 : 0) | (noWait ? 4 : 0));
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
        return "queue.delete";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
