package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.get (60, 70). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicGet(int reserved1, String queue, boolean noAck) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 70;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicGet decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String queue = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean noAck = (bits0 & 1) != 0;
        return new BasicGet(reserved1, queue, noAck);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, queue);
        out.writeByte((noAck ? 1 : 0));
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
        return "basic.get";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
