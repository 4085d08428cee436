package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** tx.rollback-ok (90, 31). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record TxRollbackOk() implements AmqpMethod {
    public static final int CLASS_ID = 90;
    public static final int METHOD_ID = 31;

    /** Reads the arguments that follow the class and method ids. */
    public static TxRollbackOk decode(ByteBuf in) {
        return new TxRollbackOk();
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
        return "tx.rollback-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
