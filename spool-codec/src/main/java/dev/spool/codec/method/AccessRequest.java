package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** access.request (30, 10). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record AccessRequest(String realm, boolean exclusive, boolean passive, boolean active, boolean write, boolean read) implements AmqpMethod {
    public static final int CLASS_ID = 30;
    public static final int METHOD_ID = 10;

    /** Reads the arguments that follow the class and method ids. */
    public static AccessRequest decode(ByteBuf in) {
        String realm = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean exclusive = (bits0 & 1) != 0;
        boolean passive = (bits0 & 2) != 0;
        boolean active = (bits0 & 4) != 0;
        boolean write = (bits0 & 8) != 0;
        boolean read = (bits0 & 16) != 0;
        return new AccessRequest(realm, exclusive, passive, active, write, read);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, realm);
        out.writeByte((exclusive ? 1 : 0) | (passive ? 2 : 0) | (active ? 4 : 0) | (write ? 8 : 0) | (read ? 16 : 0));
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
        return "access.request";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
