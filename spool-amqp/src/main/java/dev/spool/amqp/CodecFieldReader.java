package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.codec.Timestamp;
import dev.spool.engine.message.FieldReader;
import java.util.Map;

/**
 * {@link FieldReader} over the codec's value objects, as {@link dev.spool.engine.message.Message#headers()} holds them
 * for a message published over AMQP: nested {@link FieldTable}s and {@link Timestamp}s (plain maps and instants are
 * read too). Stateless; any thread.
 */
final class CodecFieldReader implements FieldReader {
    static final CodecFieldReader INSTANCE = new CodecFieldReader();

    private CodecFieldReader() {
    }

    @Override
    public Map<String, Object> table(Object value) {
        if (value instanceof FieldTable table) {
            return table.asMap();
        }
        return PLAIN.table(value);
    }

    @Override
    public long timestampSeconds(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.epochSeconds();
        }
        return PLAIN.timestampSeconds(value);
    }
}
