package dev.spool.codec.frame;

/** A heartbeat frame. The decoder only emits {@link #INSTANCE}: heartbeats on other channels are errors. */
public record HeartbeatFrame(int channel) implements AmqpFrame {
    /** The heartbeat on channel 0. */
    public static final HeartbeatFrame INSTANCE = new HeartbeatFrame(0);

    public HeartbeatFrame {
        Frames.checkChannel(channel);
    }
}
