package dev.spool.codec.method;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Wire;
import io.netty.buffer.ByteBuf;

/** exchange.unbind-ok (40, 51). Generated from the AMQP 0-9-1 spec: do not edit by hand. */
public record ExchangeUnbindOk() implements AmqpMethod {
    public static final int CLASS_ID = 40;
    public static final int METHOD_ID = 51;

    /** Reads the arguments that follow the class and method ids. */
    public static ExchangeUnbindOk decode(ByteBuf in) {
        return new ExchangeUnbindOk();
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
        return "exchange.unbind-ok";
    }

    @Override
    public boolean synchronous() {
        return true;
    }
}
