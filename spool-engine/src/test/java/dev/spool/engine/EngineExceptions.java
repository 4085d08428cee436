package dev.spool.engine;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Asserts on the engine's named failures: condition and RabbitMQ's exact detail text. */
public final class EngineExceptions {
    private EngineExceptions() {
    }

    public static void assertFails(ThrowingCallable call, ErrorCondition condition, String detail) {
        assertThatThrownBy(call)
                .isInstanceOf(EngineException.class)
                .hasMessage(detail)
                .extracting(e -> ((EngineException) e).condition())
                .isEqualTo(condition);
    }
}
