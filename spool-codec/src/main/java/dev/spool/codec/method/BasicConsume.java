package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.consume (60, 20). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicConsume(int reserved1, String queue, String consumerTag, boolean noLocal, boolean noAck, boolean exclusive, boolean noWait, FieldTable arguments) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 20;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicConsume decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String queue = Wire.readShortString(in);
        String consumerTag = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean noLocal = (bits0 & 1) != 0;
        boolean noAck = (bits0 & 2) != 0;
        boolean exclusive = (bits0 & 4) != 0;
        boolean noWait = (bits0 & 8) != 0;
        FieldTable arguments = FieldTable.decode(in);
        return new BasicConsume(reserved1, queue, consumerTag, noLocal, noAck, exclusive, noWait, arguments);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, queue);
        Wire.writeShortString(out, consumerTag);
        out.writeByte((noLocal ? 1 : 0) | (noAck ? 2 : 0) | (exclusive ? 4 : 0) | (noWait ? 8 : 0));
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
        return "basic.consume";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
