package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.reject (60, 90). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicReject(long deliveryTag, boolean requeue) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 90;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicReject decode(ByteBuf in) {
        long deliveryTag = in.readLong();
        int bits0 = in.readUnsignedByte();
        boolean requeue = (bits0 & 1) != 0;
        return new BasicReject(deliveryTag, requeue);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeLong(deliveryTag);
        out.writeByte((requeue ? 1 : 0));
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
        return "basic.reject";
    }
}
