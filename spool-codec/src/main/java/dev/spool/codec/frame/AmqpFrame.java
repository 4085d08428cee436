package dev.spool.codec.frame;

/**
 * One decoded AMQP frame. Content frames hold reference-counted slices of the received bytes: whoever takes them
 * from the pipeline releases them (see {@link ContentHeaderFrame} and {@link ContentBodyFrame}).
 */
public sealed interface AmqpFrame permits MethodFrame, ContentHeaderFrame, ContentBodyFrame, HeartbeatFrame {

    /** The channel the frame travels on; 0 is the connection itself. */
    int channel();
}
