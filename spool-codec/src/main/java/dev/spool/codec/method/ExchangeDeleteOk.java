package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** exchange.delete-ok (40, 21). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ExchangeDeleteOk() implements AmqpMethod {
    public static final int CLASS_ID = 40;
    public static final int METHOD_ID = 21;

    /** Reads the arguments that follow the class and method ids. */
    public static ExchangeDeleteOk decode(ByteBuf in) {
        return new ExchangeDeleteOk();
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
        return "exchange.delete-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
