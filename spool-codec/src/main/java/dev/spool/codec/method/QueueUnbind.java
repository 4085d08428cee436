package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** queue.unbind (50, 50). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record QueueUnbind(int reserved1, String queue, String exchange, String routingKey, FieldTable arguments) implements AmqpMethod {
    public static final int CLASS_ID = 50;
    public static final int METHOD_ID = 50;

    /** Reads the arguments that follow the class and method ids. */
    public static QueueUnbind decode(ByteBuf in) {
        int reserved1 = in.readUnsignedShort();
        String queue = Wire.readShortString(in);
        String exchange = Wire.readShortString(in);
        String routingKey = Wire.readShortString(in);
        FieldTable arguments = FieldTable.decode(in);
        return new QueueUnbind(reserved1, queue, exchange, routingKey, arguments);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(reserved1);
        Wire.writeShortString(out, queue);
        Wire.writeShortString(out, exchange);
        Wire.writeShortString(out, routingKey);
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
        return "queue.unbind";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
