package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.update-secret (10, 70). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionUpdateSecret(byte[] newSecret, String reason) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 70;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionUpdateSecret decode(ByteBuf in) {
        byte[] newSecret = Wire.readLongString(in);
        String reason = Wire.readShortString(in);
        return new ConnectionUpdateSecret(newSecret, reason);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeLongString(out, newSecret);
        Wire.writeShortString(out, reason);
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
        return "connection.update-secret";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
