package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.nack (60, 120). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicNack(long deliveryTag, boolean multiple, boolean requeue) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 120;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicNack decode(ByteBuf in) {
        long deliveryTag = in.readLong();
        int bits0 = in.readUnsignedByte();
        boolean multiple = (bits0 & 1) != 0;
        boolean requeue = (bits0 & 2) != 0;
        return new BasicNack(deliveryTag, multiple, requeue);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeLong(deliveryTag);
        out.writeByte((multiple ? 1 : 0) | (requeue ? 2 : 0));
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
        return "basic.nack";
    }
}
