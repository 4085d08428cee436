package dev.spool.engine.limits;

/**
 * A user's limits (RabbitMQ's {@code max-connections} and {@code max-channels}), counted over all of the user's
 * connections on this node. A negative value means no limit; 0 allows none. Immutable.
 *
 * @param maxConnections the most connections the user may have open at once
 * @param maxChannels    the most channels the user may have open at once, all connections together
 */
public record UserLimits(int maxConnections, int maxChannels) {
    /** No limits. */
    public static final UserLimits NONE = new UserLimits(-1, -1);

    /** A copy with another connection limit (negative: none). */
    public UserLimits withMaxConnections(int max) {
        return new UserLimits(max, maxChannels);
    }

    /** A copy with another channel limit (negative: none). */
    public UserLimits withMaxChannels(int max) {
        return new UserLimits(maxConnections, max);
    }
}
