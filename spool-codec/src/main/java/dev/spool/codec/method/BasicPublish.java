package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.publish (60, 40). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicPublish(int reserved1, String exchange, String routingKey, boolean mandatory, boolean immediate) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 40;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicPublish decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String exchange = Wire.readShortString(in);
        String routingKey = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean mandatory = (bits0 & 1) != 0;
        boolean immediate = (bits0 & 2) != 0;
        return new BasicPublish(reserved1, exchange, routingKey, mandatory, immediate);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, exchange);
        Wire.writeShortString(out, routingKey);
        out.writeByte((mandatory ? 1 : 0) | (immediate ? 2 : 0));
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
        return "basic.publish";
    }

    @Override
    public boolean hasContent() {
        return true;
    }
}
