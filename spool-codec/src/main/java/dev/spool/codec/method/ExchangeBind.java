package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** exchange.bind (40, 30). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ExchangeBind(int reserved1, String destination, String source, String routingKey, boolean noWait, FieldTable arguments) implements AmqpMethod {
    public static final int CLASS_ID = 40;
    public static final int METHOD_ID = 30;

    /** Reads the arguments that follow the class and method ids. */
    public static ExchangeBind decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String destination = Wire.readShortString(in);
        String source = Wire.readShortString(in);
        String routingKey = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean noWait = (bits0 & 1) != 0;
        FieldTable arguments = FieldTable.decode(in);
        return new ExchangeBind(reserved1, destination, source, routingKey, noWait, arguments);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, destination);
        Wire.writeShortString(out, source);
        Wire.writeShortString(out, routingKey);
        out.writeByte((noWait ? 1 : 0));
        FieldTable.encode(out, arguments);
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
        return "exchange.bind";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
