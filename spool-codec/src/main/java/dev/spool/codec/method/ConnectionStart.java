package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.start (10, 10). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionStart(int versionMajor, int versionMinor, FieldTable serverProperties, byte[] mechanisms, byte[] locales) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 10;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionStart decode(ByteBuf in) {
        int versionMajor = in.readUnsignedByte();
        int versionMinor = in.readUnsignedByte();
        FieldTable serverProperties = FieldTable.decode(in);
        byte[] mechanisms = Wire.readLongString(in);
        byte[] locales = Wire.readLongString(in);
        return new ConnectionStart(versionMajor, versionMinor, serverProperties, mechanisms, locales);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeByte(versionMajor);
        out.writeByte(versionMinor);
        FieldTable.encode(out, serverProperties);
        Wire.writeLongString(out, mechanisms);
        Wire.writeLongString(out, locales);
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
        return "connection.start";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
