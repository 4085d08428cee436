package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** confirm.select (85, 10). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ConfirmSelect(boolean nowait) implements AmqpMethod {
    public static final int CLASS_ID = 85;
    public static final int METHOD_ID = 10;

    /** Reads the arguments that follow the class and method ids. */
    public static ConfirmSelect decode(ByteBuf in) {
        int bits0 = in.readUnsignedByte();
        boolean nowait = (bits0 & 1) != 0;
        return new ConfirmSelect(nowait);
    }

    @Override
    public void encodeArguments(ByteBuf out) {
        out.writeByte((nowait ? 1 : 0));
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
        return "confirm.select";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
