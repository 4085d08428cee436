package dev.spool.engine.message;

import java.util.Objects;

/**
 * The process's {@link MessageFormat}: the front end's encoding, registered once at start so that engine code deep in
 * a queue (dead-lettering, delayed and retried messages) can rebuild a message without a reference threaded through
 * every constructor. There is one wire encoding per process (AMQP 0-9-1's properties), so a process-wide value is the
 * honest shape; tests that build a broker without a front end leave it unset.
 */
public final class MessageFormats {
    private static volatile MessageFormat format;

    private MessageFormats() {
    }

    /** Registers the format; the same instance again is a no-op. */
    public static void use(MessageFormat messageFormat) {
        format = Objects.requireNonNull(messageFormat, "messageFormat");
    }

    /** The registered format, or null when no front end registered one. */
    public static MessageFormat current() {
        return format;
    }
}
