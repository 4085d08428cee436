package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.get-ok (60, 71). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicGetOk(long deliveryTag, boolean redelivered, String exchange, String routingKey, long messageCount) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 71;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicGetOk decode(ByteBuf in) {
        long deliveryTag = in.readLong();
        int bits0 = in.readUnsignedByte();
        boolean redelivered = (bits0 & 1) != 0;
        String exchange = Wire.readShortString(in);
        String routingKey = Wire.readShortString(in);
        long messageCount = in.readUnsignedInt();
        return new BasicGetOk(deliveryTag, redelivered, exchange, routingKey, messageCount);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeLong(deliveryTag);
        out.writeByte((redelivered ? 1 : 0));
        Wire.writeShortString(out, exchange);
        Wire.writeShortString(out, routingKey);
        out.writeInt((int) messageCount);
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
        return "basic.get-ok";
    }

    @Override
    public boolean hasContent() {
        return true;
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
