package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.ack (60, 80). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicAck(long deliveryTag, boolean multiple) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 80;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicAck decode(ByteBuf in) {
        long deliveryTag = in.readLong();
        int bits0 = in.readUnsignedByte();
        boolean multiple = (bits0 & 1) != 0;
        return new BasicAck(deliveryTag, multiple);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeLong(deliveryTag);
        out.writeByte((multiple ? 1 : 0));
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
        return "basic.ack";
    }
}
