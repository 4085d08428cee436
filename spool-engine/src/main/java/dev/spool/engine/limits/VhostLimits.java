package dev.spool.engine.limits;

/**
 * A virtual host's limits (RabbitMQ's {@code max-connections} and {@code max-queues}). A negative value means no
 * limit; 0 allows none (RabbitMQ's way to stop a virtual host from accepting clients). Immutable.
 *
 * @param maxConnections the most client connections open to the virtual host at once
 * @param maxQueues      the most queues in the virtual host
 */
public record VhostLimits(int maxConnections, int maxQueues) {
    /** No limits. */
    public static final VhostLimits NONE = new VhostLimits(-1, -1);

    /** A copy with another connection limit (negative: none). */
    public VhostLimits withMaxConnections(int max) {
        return new VhostLimits(max, maxQueues);
    }

    /** A copy with another queue limit (negative: none). */
    public VhostLimits withMaxQueues(int max) {
        return new VhostLimits(maxConnections, max);
    }
}
