package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** basic.recover-async (60, 100). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record BasicRecoverAsync(boolean requeue) implements AmqpMethod {
    public static final int CLASS_ID = 60;
    public static final int METHOD_ID = 100;

    /** Reads the arguments that follow the class and method ids. */
    public static BasicRecoverAsync decode(ByteBuf in) {
        int bits0 = in.readUnsignedByte();
        boolean requeue = (bits0 & 1) != 0;
        return new BasicRecoverAsync(requeue);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
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
        return "basic.recover-async";
    }
}
