package dev.spool.management.stats;

/**
 * Broker-wide queue totals as of the last sample: what {@code /metrics} and {@code /api/overview} report without
 * walking the queues per request. Immutable.
 *
 * @param timeMillis          when it was sampled
 * @param queues              how many queues exist
 * @param ready               ready messages, all queues
 * @param unacked             unacknowledged deliveries, all queues
 * @param consumers           consumers, all queues
 * @param oldestReadyAgeMillis the oldest ready message's age over all queues, 0 when none is ready
 * @param oldestUnackedAgeMillis the oldest unacknowledged delivery's age over all queues, 0 when none is out
 */
public record Aggregate(long timeMillis, int queues, long ready, long unacked, long consumers,
                        long oldestReadyAgeMillis, long oldestUnackedAgeMillis) {
    /** Before the first sample. */
    public static final Aggregate EMPTY = new Aggregate(0, 0, 0, 0, 0, 0, 0);

    public long messages() {
        return ready + unacked;
    }
}
