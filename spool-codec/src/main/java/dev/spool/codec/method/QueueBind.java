package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.bind (50, 20). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueueBind(int reserved1, String queue, String exchange, String routingKey, boolean noWait, FieldTable arguments) implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 20;

    /** Reads the arguments that follow the class and method ids. */
    public static QueueBind decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String queue = Wire.readShortString(in);
        String exchange = Wire.readShortString(in);
        String routingKey = Wire.readShortString(in);
        int bits0 = in.readUnsignedByte();
        boolean noWait = (bits0 & 1) != 0;
        FieldTable arguments = FieldTable.decode(in);
        return new QueueBind(reserved1, queue, exchange, routingKey, noWait, arguments);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, queue);
        Wire.writeShortString(out, exchange);
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
        return "queue.bind";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
