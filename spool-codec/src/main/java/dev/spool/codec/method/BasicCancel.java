package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.cancel (60, 30). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicCancel(String consumerTag, boolean noWait) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 30;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicCancel decode(ByteBuf in) {
        String consumerTag = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean noWait = (bits0 & 1) != 0;
        return new BasicCancel(consumerTag, noWait);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, consumerTag);
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
        return "basic.cancel";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
