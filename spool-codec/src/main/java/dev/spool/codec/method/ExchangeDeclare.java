package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** exchange.declare (40, 10). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ExchangeDeclare(int reserved1, String exchange, String type, boolean passive, boolean durable, boolean autoDelete, boolean internal, boolean noWait, FieldTable arguments) implements AmqpMethod {
    public static final int CLASS_ID = 40;
    public static final int METHOD_ID = 10;

    /** Reads the arguments that follow the class and method ids. */
    public static ExchangeDeclare decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String exchange = Wire.readShortString(in);
        String type = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean passive = (bits0 & 1) != 0;
        boolean durable = (bits0 & 2) != 0;
        boolean autoDelete = (bits0 & 4) != 0;
        boolean internal = (bits0 & 8) != 0;
        boolean noWait = (bits0 & 16) != 0;
        FieldTable arguments = FieldTable.decode(in);
        return new ExchangeDeclare(reserved1, exchange, type, passive, durable, autoDelete, internal, noWait, arguments);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, exchange);
        Wire.writeShortString(out, type);
        out.writeByte((passive ? 1 : 0) | (durable ? 2 : 0) | (autoDelete ? 4 : 0) | (internal ? 8 : 0) | (noWait ? 16 : 0));
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
        return "exchange.declare";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
