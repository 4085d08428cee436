package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.deliver (60, 60). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicDeliver(String consumerTag, long deliveryTag, boolean redelivered, String exchange, String routingKey) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 60;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicDeliver decode(ByteBuf in) {
        String consumerTag = Wire.readShortString(in);
        long deliveryTag = in.readLong();
        int bits0 = in.readUnsignedByte();
        boolean redelivered = (bits0 & 1) != 0;
        String exchange = Wire.readShortString(in);
        String routingKey = Wire.readShortString(in);
        return new BasicDeliver(consumerTag, deliveryTag, redelivered, exchange, routingKey);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        Wire.writeShortString(out, consumerTag);
        out.writeLong(deliveryTag);
        out.writeByte((redelivered ? 1 : 0));
        Wire.writeShortString(out, exchange);
        Wire.writeShortString(out, routingKey);
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
        return "basic.deliver";
    }

    @Override
    public boolean hasContent() {
        return true;
    }
}
