package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** connection.start-ok (10, 11). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConnectionStartOk(FieldTable clientProperties, String mechanism, byte[] response, String locale) implements AmqpMethod {
    public static final int CLASS_ID = 10;
    public static final int METHOD_ID = 11;

    /** Reads the arguments that follow the class and method ids. */
    public static ConnectionStartOk decode(ByteBuf in) {
        FieldTable clientProperties = FieldTable.decode(in);
        String mechanism = Wire.readShortString(in);
        byte[] response = Wire.readLongString(in);
        String locale = Wire.readShortString(in);
        return new ConnectionStartOk(clientProperties, mechanism, response, locale);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        FieldTable.encode(out, clientProperties);
        Wire.writeShortString(out, mechanism);
        Wire.writeLongString(out, response);
        Wire.writeShortString(out, locale);
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
        return "connection.start-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
