package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.return (60, 50). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicReturn(int replyCode, String replyText, String exchange, String routingKey) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 50;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicReturn decode(ByteBuf in) {
        int replyCode = in.readUnsignedShort();
        String replyText = Wire.readShortString(in);
        String exchange = Wire.readShortString(in);
        String routingKey = Wire.readShortString(in);
        return new BasicReturn(replyCode, replyText, exchange, routingKey);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeShort(replyCode);
        Wire.writeShortString(out, replyText);
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
        return "basic.return";
    }

    @Override
    public boolean hasContent() {
        return true;
    }
}
