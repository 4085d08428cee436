package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.engine.durable.ArgumentCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Map;

/**
 * Declare and binding arguments in the definitions journal as AMQP field tables, the encoding they arrived in: decoding
 * gives back the codec's value objects a client's redeclaration brings, so RabbitMQ's equivalence checks hold across
 * a restart. Stateless; any thread.
 */
public final class FieldTableArguments implements ArgumentCodec {
    @Override
    public byte[] encode(Map<String, Object> arguments) {
        ByteBuf out = Unpooled.buffer(64);
        try {
            FieldTable.encode(out, FieldTable.of(arguments));
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Override
    public Map<String, Object> decode(byte[] encoded) {
        return FieldTable.decode(Unpooled.wrappedBuffer(encoded)).asMap();
    }
}
