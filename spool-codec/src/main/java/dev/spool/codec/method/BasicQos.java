package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.qos (60, 10). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicQos(long prefetchSize, int prefetchCount, boolean global) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 10;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicQos decode(ByteBuf in) {
        long prefetchSize = in.readUnsignedInt();
        int prefetchCount = in.readUnsignedShort();
        int bits0 = in.readUnsignedByte();
        boolean global = (bits0 & 1) != 0;
        return new BasicQos(prefetchSize, prefetchCount, global);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeInt((int) prefetchSize);
        out.writeShort(prefetchCount);
        out.writeByte((global ? 1 : 0));
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
        return "basic.qos";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
