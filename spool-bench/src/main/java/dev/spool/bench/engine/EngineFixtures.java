package dev.spool.bench.engine;

import dev.spool.engine.message.Message;
import java.util.List;
import java.util.Map;

/** Messages for the engine benchmarks, built once per trial. Stateless. */
final class EngineFixtures {
    /** A content header's properties, wire-encoded: the flag word with only delivery-mode set, then mode 1. */
    private static final byte[] TRANSIENT_PROPERTIES = {0x10, 0x00, 0x01};
    private static final int BODY_SIZE = 1000;

    private EngineFixtures() {
    }

    /** A transient 1000-byte message without headers, as PerfTest publishes it. */
    static Message message(String exchange, String routingKey) {
        return new Message(exchange, routingKey, TRANSIENT_PROPERTIES, new byte[BODY_SIZE], Map.of(), List.of(),
                false, 0, 0L);
    }
}
