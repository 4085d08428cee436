package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** exchange.delete (40, 20). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ExchangeDelete(int reserved1, String exchange, boolean ifUnused, boolean noWait) implements AmqpMethod {
    public static final int CLASS_ID = 40;
    public static final int METHOD_ID = 20;

    /** Reads the arguments that follow the class and method ids. */
    public static ExchangeDelete decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String exchange = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean ifUnused = (bits0 & 1) != 0;
        boolean noWait = (bits0 & 2) != 0;
        return new ExchangeDelete(reserved1, exchange, ifUnused, noWait);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, exchange);
        out.writeByte((ifUnused ? 1 : 0) | (noWait ? 2 : 0));
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
        return "exchange.delete";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
