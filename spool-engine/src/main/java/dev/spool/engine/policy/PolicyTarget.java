package dev.spool.engine.policy;

/** What a policy may apply to: an exchange or a queue of one type. */
public enum PolicyTarget {
    EXCHANGE,
    CLASSIC_QUEUE,
    QUORUM_QUEUE,
    STREAM;

    public boolean isQueue() {
        return this != EXCHANGE;
    }
}
