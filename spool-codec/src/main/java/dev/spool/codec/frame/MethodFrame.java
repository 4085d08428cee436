package dev.spool.codec.frame;

import dev.spool.codec.method.AmqpMethod;
import java.util.Objects;

/** A method frame: one decoded method on a channel. Immutable; holds no buffer. */
public record MethodFrame(int channel, AmqpMethod method) implements AmqpFrame {
    public MethodFrame {
        Frames.checkChannel(channel);
        Objects.requireNonNull(method, "method");
    }
}
