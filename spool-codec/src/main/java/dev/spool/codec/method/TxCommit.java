package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** tx.commit (90, 20). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record TxCommit() implements AmqpMethod {
    public static final int CLASS_ID = 90;
    public static final int METHOD_ID = 20;

    /** Reads the arguments that follow the class and method ids. */
    public static TxCommit decode(ByteBuf in) {
        return new TxCommit();
    }

    @Override
    public void encodeArguments(ByteBuf out) {
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
        return "tx.commit";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
