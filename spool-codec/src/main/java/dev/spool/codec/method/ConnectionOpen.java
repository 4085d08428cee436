package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.open (10, 40). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionOpen(String virtualHost, String reserved1, boolean reserved2) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 40;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionOpen decode(ByteBuf in) {
        String virtualHost = Wire.readShortString(in);
        String reserved1 = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean reserved2 = (bits0 & 1) != 0;
        return new ConnectionOpen(virtualHost, reserved1, reserved2);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, virtualHost);
        Wire.writeShortString(out, reserved1);
        out.writeByte((reserved2 ? 1 : 0));
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
        return "connection.open";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
